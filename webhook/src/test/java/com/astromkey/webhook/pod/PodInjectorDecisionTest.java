package com.astromkey.webhook.pod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import com.astromkey.domain.dynakube.spec.ApplicationMonitoringSpec;
import com.astromkey.domain.dynakube.spec.HostInjectSpec;
import com.astromkey.domain.dynakube.spec.OneAgentSpec;
import com.astromkey.domain.dynakube.status.VerificationStatus;
import com.astromkey.domain.names.Annotations;
import com.astromkey.domain.names.Labels;
import com.astromkey.domain.names.ObjectNames;
import com.astromkey.webhook.fixture.ClusterFixture;
import com.astromkey.webhook.fixture.Secrets;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The decision flow of webhook.md §3, one row per case, starting from the ready cloud-native scenario. */
class PodInjectorDecisionTest {
  static final String OPERATOR_IMAGE = ClusterFixture.OPERATOR_IMAGE;
  static final String UNTOUCHED = "untouched";
  static final String INJECTED = "injected";

  static InjectionSettings settings(boolean csi) {
    return ClusterFixture.settings(csi);
  }

  static Stream<Arguments> rows() {
    return Stream.of(
        row("namespace-without-instance-label", f -> f.namespaces.get("shop").getMetadata().getLabels()
            .remove(Labels.DYNAKUBE_INSTANCE), UNTOUCHED),
        row("namespace-not-in-cache", f -> f.namespaces.clear(), UNTOUCHED),
        row("dynakube-missing", f -> f.dynaKubes.clear(), NotInjectedReason.MissingDynaKube.name()),
        row("pod-opts-out-with-astromkey-inject-false", f -> podAnnotation(f, Annotations.INJECT, "false"), UNTOUCHED),
        row("pod-opts-out-with-oneagent-inject-false", f -> podAnnotation(f, Annotations.ONEAGENT_INJECT, "false"), UNTOUCHED),
        row("automatic-injection-off-without-opt-in", f -> dkAnnotation(f, "feature.astromkey.com/automatic-injection", "false"),
            UNTOUCHED),
        row("automatic-injection-off-with-opt-in", f -> {
          dkAnnotation(f, "feature.astromkey.com/automatic-injection", "false");
          podAnnotation(f, Annotations.ONEAGENT_INJECT, "true");
        }, INJECTED),
        row("dynakube-host-monitoring-only", f -> {
          OneAgentSpec oneAgent = new OneAgentSpec();
          oneAgent.setHostMonitoring(new HostInjectSpec());
          f.dk().getSpec().setOneAgent(oneAgent);
        }, UNTOUCHED),
        row("namespace-no-longer-selected", f -> f.dk().getSpec().getOneAgent().getCloudNativeFullStack()
            .setNamespaceSelector(new LabelSelectorBuilder().withMatchLabels(Map.of("team", "payments")).build()), UNTOUCHED),
        row("namespace-selected", f -> f.dk().getSpec().getOneAgent().getCloudNativeFullStack()
            .setNamespaceSelector(new LabelSelectorBuilder().withMatchLabels(Map.of("team", "shop")).build()), INJECTED),
        row("namespace-ignored-by-flag", f -> dkAnnotation(f, "feature.astromkey.com/ignored-namespaces", "[\"^sho\"]"),
            UNTOUCHED),
        row("code-modules-not-resolved", f -> f.dk().getStatus().setCodeModules(null),
            NotInjectedReason.DynaKubeStatusNotReady.name()),
        row("code-modules-version-is-custom-image-marker", f -> f.dk().getStatus().getCodeModules().setVersion("custom-image"),
            NotInjectedReason.DynaKubeStatusNotReady.name()),
        row("code-modules-image-without-image-id", f -> f.dk().getSpec().getOneAgent().getCloudNativeFullStack()
            .setCodeModulesImage("registry.my-company.com/astromkey/astromkey-codemodules:1.301.0"),
            NotInjectedReason.DynaKubeStatusNotReady.name()),
        row("signature-enforced-not-verified", f -> {
          codeModulesImageResolved(f);
          dkAnnotation(f, "feature.astromkey.com/signature-verification", "enforce");
        }, NotInjectedReason.CodeModulesSignatureNotVerified.name()),
        row("signature-enforced-verified", f -> {
          codeModulesImageResolved(f);
          dkAnnotation(f, "feature.astromkey.com/signature-verification", "enforce");
          verified(f);
        }, INJECTED),
        row("cloud-native-without-tenant-uuid", f -> f.dk().getStatus().getOneAgent().getConnectionInfoStatus()
            .setTenantUUID(""), NotInjectedReason.MissingTenantUUID.name()),
        row("application-monitoring-needs-no-tenant-uuid", f -> {
          OneAgentSpec oneAgent = new OneAgentSpec();
          oneAgent.setApplicationMonitoring(new ApplicationMonitoringSpec());
          f.dk().getSpec().setOneAgent(oneAgent);
          f.dk().getStatus().getOneAgent().getConnectionInfoStatus().setTenantUUID("");
        }, INJECTED),
        row("install-path-relative", f -> podAnnotation(f, Annotations.ONEAGENT_INSTALL_PATH, "opt/agent"),
            NotInjectedReason.InvalidInstallPath.name()),
        row("install-path-not-clean", f -> podAnnotation(f, Annotations.ONEAGENT_INSTALL_PATH, "/opt/../agent"),
            NotInjectedReason.InvalidInstallPath.name()),
        row("install-path-with-colon", f -> podAnnotation(f, Annotations.ONEAGENT_INSTALL_PATH, "/opt/a:b"),
            NotInjectedReason.InvalidInstallPath.name()),
        row("install-path-with-space", f -> podAnnotation(f, Annotations.ONEAGENT_INSTALL_PATH, "/opt/a b"),
            NotInjectedReason.InvalidInstallPath.name()),
        row("install-path-custom", f -> podAnnotation(f, Annotations.ONEAGENT_INSTALL_PATH, "/opt/agent"), INJECTED),
        row("every-container-excluded", f -> {
          podAnnotation(f, Annotations.containerInject("app"), "false");
          dkAnnotation(f, Annotations.containerInject("sidecar"), "false");
        }, NotInjectedReason.NoInjectableContainer.name()),
        row("every-container-excluded-or-conflicting", f -> {
          podAnnotation(f, Annotations.containerInject("app"), "false");
          f.pod.getSpec().getContainers().get(1).setVolumeMounts(List.of(new VolumeMountBuilder().withName("x")
              .withMountPath("/etc/ld.so.preload").build()));
        }, NotInjectedReason.NoInjectableContainer.name()),
        row("oneagent-bin-volume-is-hostpath", f -> f.pod.getSpec().setVolumes(List.of(new VolumeBuilder()
            .withName(ObjectNames.VOLUME_ONEAGENT_BIN).withNewHostPath().withPath("/x").endHostPath().build())),
            NotInjectedReason.ConflictingVolumeType.name()),
        row("astromkey-config-volume-is-configmap", f -> f.pod.getSpec().setVolumes(List.of(new VolumeBuilder()
            .withName(ObjectNames.VOLUME_ASTROMKEY_CONFIG).withNewConfigMap().withName("x").endConfigMap().build())),
            NotInjectedReason.ConflictingVolumeType.name()),
        row("existing-emptydir-config-volume-reused", f -> f.pod.getSpec().setVolumes(List.of(new VolumeBuilder()
            .withName(ObjectNames.VOLUME_ASTROMKEY_CONFIG).withNewEmptyDir().endEmptyDir().build())), INJECTED),
        row("bootstrapper-config-not-replicated", f -> f.secrets.remove("shop/" + ObjectNames.BOOTSTRAPPER_CONFIG_SECRET),
            NotInjectedReason.NoBootstrapperConfig.name()),
        row("bootstrapper-certs-source-without-replica", f -> f.put(Secrets.opaque(ClusterFixture.OPERATOR_NAMESPACE,
            "dynakube-bootstrapper-certs")), NotInjectedReason.NoBootstrapperConfig.name()),
        row("bootstrapper-certs-replicated", f -> {
          f.put(Secrets.opaque(ClusterFixture.OPERATOR_NAMESPACE, "dynakube-bootstrapper-certs"));
          f.put(Secrets.opaque("shop", ObjectNames.BOOTSTRAPPER_CERTS_SECRET));
        }, INJECTED),
        row("pull-secret-needed-replica-missing", f -> f.put(Secrets.dockerConfig(ClusterFixture.OPERATOR_NAMESPACE,
            "dynakube-injection-pull-secret", null, "registry.my-company.com")), NotInjectedReason.NoPullSecret.name()),
        row("pull-secret-registry-uncovered", f -> {
          f.put(Secrets.dockerConfig(ClusterFixture.OPERATOR_NAMESPACE, "dynakube-injection-pull-secret",
              "registry.my-company.com", "other.example.com"));
          f.put(Secrets.dockerConfig("shop", ObjectNames.INJECTION_PULL_SECRET, null, "other.example.com"));
        }, NotInjectedReason.NoPullSecret.name()),
        row("pull-secret-for-another-registry-only", f -> f.put(Secrets.dockerConfig(ClusterFixture.OPERATOR_NAMESPACE,
            "dynakube-injection-pull-secret", null, "other.example.com")), INJECTED),
        row("pull-secret-replication-disabled", f -> {
          dkAnnotation(f, "feature.astromkey.com/replicate-pull-secret", "false");
          f.put(Secrets.dockerConfig(ClusterFixture.OPERATOR_NAMESPACE, "dynakube-injection-pull-secret", null,
              "registry.my-company.com"));
        }, INJECTED),
        row("ready-cloud-native", f -> { }, INJECTED));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void decides(String scenario, Consumer<ClusterFixture> change, String expected) {
    ClusterFixture fixture = ClusterFixture.load("pod/cloudnative-csi-ready.yaml");
    change.accept(fixture);
    Pod original = fixture.pod;

    InjectionResult result = new PodInjector(settings(true), fixture).inject(original, "shop");

    switch (expected) {
      case UNTOUCHED -> {
        assertThat(result.outcome()).isEqualTo(InjectionResult.Outcome.UNTOUCHED);
        assertThat(result.pod()).isNull();
      }
      case INJECTED -> {
        assertThat(result.outcome()).isEqualTo(InjectionResult.Outcome.INJECTED);
        assertThat(result.pod().getMetadata().getAnnotations()).containsEntry(Annotations.ONEAGENT_INJECTED, "true");
      }
      default -> {
        assertThat(result.outcome()).isEqualTo(InjectionResult.Outcome.NOT_INJECTED);
        assertThat(result.reason().name()).isEqualTo(expected);
        assertThat(result.pod().getSpec()).as("a not-injected pod only gets annotations").isEqualTo(original.getSpec());
        Map<String, String> added = new HashMap<>(result.pod().getMetadata().getAnnotations());
        if (original.getMetadata().getAnnotations() != null) {
          original.getMetadata().getAnnotations().keySet().forEach(added::remove);
        }
        assertThat(added).containsExactlyInAnyOrderEntriesOf(Map.of(
            Annotations.ONEAGENT_INJECTED, "false", Annotations.ONEAGENT_REASON, expected,
            Annotations.DYNAKUBE_INJECTED, "false", Annotations.DYNAKUBE_REASON, expected));
        assertThat(result.events()).as("every not-injected pod is reported on its namespace")
            .extracting(PendingEvent::type, PendingEvent::reason, PendingEvent::namespace)
            .containsExactly(tuple(PendingEvent.WARNING, expected, "shop"));
      }
    }
    assertThat(original.getSpec().getInitContainers()).as("the input pod is never changed").isNullOrEmpty();
  }

  @Test
  void aPodWithoutSpecOrContainersIsLeftAloneWithoutAnError() {
    ClusterFixture fixture = ClusterFixture.load("pod/cloudnative-csi-ready.yaml");
    PodInjector injector = new PodInjector(settings(true), fixture);
    Pod noSpec = new PodBuilder(fixture.pod).withSpec(null).build();
    Pod noContainers = new PodBuilder(fixture.pod).editSpec().withContainers().endSpec().build();

    for (Pod pod : List.of(noSpec, noContainers)) {
      InjectionResult result = injector.inject(pod, "shop");
      assertThat(result.events()).isEmpty();
      assertThat(result).isEqualTo(InjectionResult.untouched());
    }
  }

  @Test
  void missingDynaKubeRecordsAWarningOnTheNamespace() {
    ClusterFixture fixture = ClusterFixture.load("pod/cloudnative-csi-ready.yaml");
    fixture.dynaKubes.clear();

    InjectionResult result = new PodInjector(settings(true), fixture).inject(fixture.pod, "shop");

    assertThat(result.events()).singleElement().satisfies(event -> {
      assertThat(event.type()).isEqualTo(PendingEvent.WARNING);
      assertThat(event.reason()).isEqualTo("MissingDynaKube");
      assertThat(event.namespace()).isEqualTo("shop");
    });
  }

  private static Arguments row(String scenario, Consumer<ClusterFixture> change, String expected) {
    return Arguments.of(scenario, change, expected);
  }

  static void podAnnotation(ClusterFixture f, String key, String value) {
    Map<String, String> annotations = f.pod.getMetadata().getAnnotations() == null ? new HashMap<>()
        : new HashMap<>(f.pod.getMetadata().getAnnotations());
    annotations.put(key, value);
    f.pod.getMetadata().setAnnotations(annotations);
  }

  static void dkAnnotation(ClusterFixture f, String key, String value) {
    Map<String, String> annotations = f.dk().getMetadata().getAnnotations() == null ? new HashMap<>()
        : new HashMap<>(f.dk().getMetadata().getAnnotations());
    annotations.put(key, value);
    f.dk().getMetadata().setAnnotations(annotations);
  }

  static void codeModulesImageResolved(ClusterFixture f) {
    String image = "registry.my-company.com/astromkey/astromkey-codemodules:1.301.0";
    f.dk().getSpec().getOneAgent().getCloudNativeFullStack().setCodeModulesImage(image);
    f.dk().getStatus().getCodeModules().setImageID(image);
    f.dk().getStatus().getCodeModules().setVersion("custom-image");
  }

  static void verified(ClusterFixture f) {
    VerificationStatus verification = new VerificationStatus();
    verification.setState("Verified");
    verification.setDigest("sha256:" + "ab".repeat(32));
    f.dk().getStatus().getCodeModules().setVerification(verification);
  }
}
