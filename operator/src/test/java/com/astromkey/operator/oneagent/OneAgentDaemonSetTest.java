package com.astromkey.operator.oneagent;

import static org.assertj.core.api.Assertions.assertThat;

import com.astromkey.domain.dynakube.DynaKube;
import com.astromkey.domain.dynakube.spec.OneAgentMode;
import com.astromkey.operator.testing.Fixtures;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The OneAgent DaemonSet per host mode (operator.md §6.1). */
class OneAgentDaemonSetTest {
  static Stream<Arguments> modes() {
    return Stream.of(
        Arguments.of("dynakube-classic", OneAgentMode.CLASSIC_FULL_STACK, "classicfullstack", "auto", false),
        Arguments.of("dynakube-cloudnative-private-registry", OneAgentMode.CLOUD_NATIVE_FULL_STACK, "cloudnativefullstack",
            "k8s-node-name", true),
        Arguments.of("dynakube-host-monitoring", OneAgentMode.HOST_MONITORING, "hostmonitoring", "k8s-node-name", true));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("modes")
  void modeDecidesComponentHostIdAndReadOnlySecurity(String fixture, OneAgentMode mode, String component, String hostId,
      boolean readOnly) {
    DaemonSet ds = OneAgentDaemonSet.build(Fixtures.dynaKube(fixture), mode, inputs(true));
    Container container = ds.getSpec().getTemplate().getSpec().getContainers().get(0);

    assertThat(ds.getMetadata().getLabels()).containsEntry("app.kubernetes.io/component", component)
        .containsEntry("app.kubernetes.io/name", "oneagent");
    assertThat(container.getArgs()).contains("--set-host-id-source=" + hostId);
    assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isEqualTo(readOnly);
    assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(container.getEnv()).extracting(EnvVar::getName).contains("AK_TENANT", "AK_SERVER", "AK_K8S_NODE_NAME");
    assertThat(container.getEnv().stream().anyMatch(e -> e.getName().equals("ONEAGENT_READ_ONLY_MODE"))).isEqualTo(readOnly);
    assertThat(ds.getSpec().getTemplate().getSpec().getVolumes()).extracting(Volume::getName)
        .contains("host-root", "oneagent-tenant-token");
    assertThat(ds.getSpec().getSelector().getMatchLabels()).containsOnlyKeys("app.kubernetes.io/name",
        "app.kubernetes.io/created-by");
  }

  @Test
  void customerPrivateRegistryKeepsTheImageVerbatimWithAllThreePullSecrets() {
    DynaKube dk = Fixtures.dynaKube("dynakube-cloudnative-private-registry");

    DaemonSet ds = OneAgentDaemonSet.build(dk, OneAgentMode.CLOUD_NATIVE_FULL_STACK, inputs(true));
    PodSpec pod = ds.getSpec().getTemplate().getSpec();

    assertThat(pod.getContainers().get(0).getImage()).isEqualTo("registry.my-company.com/astromkey/astromkey-oneagent:1.301.0");
    assertThat(pod.getImagePullSecrets()).extracting(LocalObjectReference::getName)
        .containsExactly("my-registry-secret", "helm-secret", "dynakube-pull-secret");
    assertThat(pod.getHostNetwork()).isTrue();
    assertThat(pod.getHostPID()).isTrue();
    assertThat(pod.getDnsPolicy()).isEqualTo("ClusterFirstWithHostNet");
    assertThat(pod.getServiceAccountName()).isEqualTo("astromkey-dynakube-oneagent");
    assertThat(pod.getVolumes()).filteredOn(v -> v.getName().equals("osagent-storage")).singleElement()
        .satisfies(v -> assertThat(v.getCsi().getDriver()).isEqualTo("csi.oneagent.astromkey.com"));
    assertThat(ds.getSpec().getTemplate().getMetadata().getAnnotations())
        .containsEntry("astromkey.com/inject", "false")
        .containsEntry("internal.operator.astromkey.com/tenant-token-hash", "token-hash");
  }

  @Test
  void laterArgumentsWinAndHostGroupWinsOverUserArgs() {
    DynaKube dk = Fixtures.dynaKube("dynakube-classic");

    Container container = OneAgentDaemonSet.build(dk, OneAgentMode.CLASSIC_FULL_STACK, inputs(true))
        .getSpec().getTemplate().getSpec().getContainers().get(0);

    assertThat(container.getArgs()).containsExactly(
        "--set-network-zone=z1",
        "--set-host-property=OperatorVersion=$(AK_OPERATOR_VERSION)",
        "--set-tenant=$(AK_TENANT)",
        "--set-server={$(AK_SERVER)}",
        "--set-host-id-source=auto",
        "--set-host-property=team=a",
        "--set-host-group=group-a");
    assertThat(container.getEnv()).filteredOn(e -> e.getName().equals("AK_K8S_CLUSTER_ID")).singleElement()
        .satisfies(e -> assertThat(e.getValue()).isEqualTo("overridden"));
  }

  @Test
  void withoutCsiDriverStorageIsAHostPathPerTenant() {
    DynaKube dk = Fixtures.dynaKube("dynakube-host-monitoring");

    PodSpec pod = OneAgentDaemonSet.build(dk, OneAgentMode.HOST_MONITORING, inputs(false)).getSpec().getTemplate().getSpec();

    assertThat(pod.getVolumes()).filteredOn(v -> v.getName().equals("osagent-storage")).singleElement()
        .satisfies(v -> assertThat(v.getHostPath().getPath()).isEqualTo("/data/astromkey"));
    assertThat(pod.getContainers().get(0).getVolumeMounts()).filteredOn(m -> m.getName().equals("osagent-storage"))
        .singleElement().satisfies(m -> assertThat(m.getSubPath()).isEqualTo("abc12345"));
  }

  @Test
  void probesFollowTheHealthcheckAndCpuRequestDefaults() {
    DynaKube dk = Fixtures.dynaKube("dynakube-host-monitoring");
    dk.getMetadata().setAnnotations(Map.of("feature.astromkey.com/oneagent-skip-liveness-probe", "true"));

    Container container = OneAgentDaemonSet.build(dk, OneAgentMode.HOST_MONITORING, inputs(true))
        .getSpec().getTemplate().getSpec().getContainers().get(0);

    assertThat(container.getReadinessProbe().getExec().getCommand()).containsExactly("/usr/bin/watchdog-healthcheck64");
    assertThat(container.getReadinessProbe().getInitialDelaySeconds()).isEqualTo(90);
    assertThat(container.getLivenessProbe()).isNull();
    assertThat(container.getResources().getRequests().get("cpu").toString()).isEqualTo("100m");
  }

  private static OneAgentDaemonSet.Inputs inputs(boolean csi) {
    return new OneAgentDaemonSet.Inputs("registry.my-company.com/astromkey/astromkey-oneagent:1.301.0", "custom-image",
        Healthchecks.forVersion(null), "token-hash", null, false, "", "cluster-uid", "abc12345", "helm-secret", csi);
  }
}
