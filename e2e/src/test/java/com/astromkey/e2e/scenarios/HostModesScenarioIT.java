package com.astromkey.e2e.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import com.astromkey.domain.dynakube.DynaKube;
import com.astromkey.domain.dynakube.status.DynaKubeStatus;
import com.astromkey.domain.names.CsiVolumeAttributes;
import com.astromkey.domain.names.EnvVars;
import com.astromkey.domain.names.Labels;
import com.astromkey.domain.names.ObjectNames;
import com.astromkey.e2e.harness.E2eSandboxExtension;
import com.astromkey.e2e.kubelet.KubeletStandIn;
import com.astromkey.e2e.sandbox.AdmissionCaller;
import com.astromkey.e2e.sandbox.CsiNode;
import com.astromkey.e2e.sandbox.CustomerFlow;
import com.astromkey.e2e.sandbox.E2eSandbox;
import com.astromkey.oci.Platform;
import com.astromkey.sandbox.registry.AccessLogEntry;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The host modes of section 1 of scenarios.md with a private OneAgent image (chart with the CSI driver). */
class HostModesScenarioIT {
  private static final String DK = "dynakube";

  @RegisterExtension
  final E2eSandboxExtension sandbox = E2eSandboxExtension.withCsi();

  @Test
  void classic_private_registry() throws Exception {
    E2eSandbox s = sandbox.get();
    DaemonSet ds = deploy(s, "dynakube-classic-private-registry");
    PodSpec spec = ds.getSpec().getTemplate().getSpec();
    Container agent = spec.getContainers().get(0);

    assertThat(agent.getArgs()).contains("--set-host-id-source=auto");
    assertThat(agent.getSecurityContext().getRunAsUser()).isZero();
    assertThat(agent.getSecurityContext().getReadOnlyRootFilesystem()).isFalse();
    assertThat(spec.getVolumes()).noneMatch(v -> v.getCsi() != null);
    assertNoInjectionObjects(s);
  }

  @Test
  void hostmonitoring_private_registry() throws Exception {
    E2eSandbox s = sandbox.get();
    DaemonSet ds = deploy(s, "dynakube-hostmonitoring-private-registry");
    PodSpec spec = ds.getSpec().getTemplate().getSpec();
    Container agent = spec.getContainers().get(0);

    assertThat(agent.getArgs()).contains("--set-host-id-source=k8s-node-name");
    assertThat(agent.getSecurityContext().getRunAsUser()).isEqualTo(1000L);
    assertThat(agent.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(agent.getEnv()).extracting(EnvVar::getName, EnvVar::getValue)
        .contains(org.assertj.core.groups.Tuple.tuple(EnvVars.ONEAGENT_READ_ONLY_MODE, "true"));
    Volume host = spec.getVolumes().stream().filter(v -> v.getCsi() != null).findFirst().orElseThrow();
    assertThat(host.getCsi().getDriver()).isEqualTo(ObjectNames.CSI_DRIVER);
    assertThat(host.getCsi().getVolumeAttributes()).containsEntry(CsiVolumeAttributes.MODE, CsiVolumeAttributes.MODE_HOST)
        .containsEntry(CsiVolumeAttributes.DYNAKUBE, DK);

    // the DaemonSet controller's pod on node-1, published as the kubelet would: the host volume is the osagent dir
    Pod agentPod = new PodBuilder().withNewMetadata().withName(DK + "-oneagent-n1").withNamespace(E2eSandbox.NAMESPACE)
        .withUid(UUID.randomUUID().toString()).endMetadata().withSpec(spec).build();
    CsiNode csi = s.csi().orElseThrow();
    CsiNode.Publication published = csi.publish(agentPod, host.getName(), Duration.ofSeconds(30));
    Files.writeString(published.target().resolve("written-by-agent"), "state");
    Path osAgent = csi.dataDir().resolve("_dynakubes").resolve(DK).resolve("osagent");
    assertThat(osAgent.resolve("written-by-agent")).hasContent("state");
    assertNoInjectionObjects(s);
  }

  /** Admission, reconcile to a custom-image OneAgent, DaemonSet with the private image and secrets, kubelet pull as the customer. */
  private static DaemonSet deploy(E2eSandbox s, String fixture) throws Exception {
    KubernetesClient client = s.client();
    CustomerFlow flow = new CustomerFlow(s);
    DynaKube dk = s.dynaKube(fixture);
    s.tokensSecret(DK);
    s.tenant().clearRequests();
    s.registry().clearAccessLog();

    AdmissionCaller.Result<DynaKube> admitted = flow.apply(dk);
    assertThat(admitted.allowed()).as(admitted.message()).isTrue();

    String image = dk.getSpec().getOneAgent().hostSpec(dk.getSpec().getOneAgent().mode().orElseThrow()).getImage();
    DynaKubeStatus status = flow.awaitStatus(DK, st -> st.getOneAgent() != null && "custom-image".equals(st.getOneAgent().getSource()));
    assertThat(status.getOneAgent().getImageID()).isEqualTo(image);
    assertThat(s.tenant().count(".*metainfo.*")).isZero();
    E2eSandbox.await("DaemonSet " + DK + "-oneagent", CustomerFlow.PATIENCE,
        () -> client.apps().daemonSets().inNamespace(E2eSandbox.NAMESPACE).withName(DK + "-oneagent").get() != null);
    DaemonSet ds = client.apps().daemonSets().inNamespace(E2eSandbox.NAMESPACE).withName(DK + "-oneagent").get();
    PodSpec spec = ds.getSpec().getTemplate().getSpec();
    assertThat(spec.getContainers().get(0).getImage()).isEqualTo(image);
    assertThat(spec.getImagePullSecrets()).extracting(LocalObjectReference::getName)
        .containsExactly(E2eSandbox.CUSTOM_PULL_SECRET, DK + "-pull-secret");

    KubeletStandIn.Pull pull = s.kubelet().pull(E2eSandbox.NAMESPACE, spec, image, Platform.ofJvm());
    assertThat(pull.layers()).isPositive();
    List<AccessLogEntry> reads = s.registry().awaitAccessLog(e -> e.isBlob() && e.status() == 200).stream()
        .filter(e -> (e.isManifest() || e.isBlob()) && e.status() == 200).toList();
    assertThat(reads).isNotEmpty().allSatisfy(e -> {
      assertThat(e.uri()).contains("/astromkey-oneagent/");
      assertThat(e.user()).isEqualTo(s.customer().name());
    });
    return ds;
  }

  /** Host modes inject nothing: a new namespace gets no instance label and no bootstrapper replicas. */
  private static void assertNoInjectionObjects(E2eSandbox s) throws Exception {
    new CustomerFlow(s).createNamespace("shop");
    Thread.sleep(1000);
    assertThat(s.client().namespaces().withName("shop").get().getMetadata().getLabels())
        .doesNotContainKey(Labels.DYNAKUBE_INSTANCE);
    assertThat(s.client().secrets().inNamespace("shop").withName(ObjectNames.BOOTSTRAPPER_CONFIG_SECRET).get()).isNull();
  }
}
