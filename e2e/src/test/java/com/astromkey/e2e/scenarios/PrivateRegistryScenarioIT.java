package com.astromkey.e2e.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import com.astromkey.domain.dynakube.DynaKube;
import com.astromkey.domain.dynakube.status.DynaKubeStatus;
import com.astromkey.domain.names.Annotations;
import com.astromkey.domain.names.CsiVolumeAttributes;
import com.astromkey.domain.names.Labels;
import com.astromkey.domain.names.ObjectNames;
import com.astromkey.e2e.harness.E2eSandboxExtension;
import com.astromkey.e2e.kubelet.KubeletStandIn;
import com.astromkey.e2e.sandbox.AdmissionCaller;
import com.astromkey.e2e.sandbox.BootstrapRunner;
import com.astromkey.e2e.sandbox.CsiNode;
import com.astromkey.e2e.sandbox.CustomerFlow;
import com.astromkey.e2e.sandbox.E2eSandbox;
import com.astromkey.oci.Platform;
import com.astromkey.sandbox.images.ImagePlatform;
import com.astromkey.sandbox.registry.AccessLogEntry;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Section 1 of scenarios.md (the private-registry page) end to end on the sandbox with the chart's CSI driver. */
class PrivateRegistryScenarioIT {
  private static final String DK = "dynakube";
  private static final String APP_NAMESPACE = "shop";

  @RegisterExtension
  final E2eSandboxExtension sandbox = E2eSandboxExtension.withCsi();

  @Test
  void cloudnative_private_registry() throws Exception {
    E2eSandbox s = sandbox.get();
    CustomerFlow flow = new CustomerFlow(s);
    DynaKube dk = s.dynaKube("dynakube-cloudnative-private-registry");
    s.tenant().clearRequests();
    s.registry().clearAccessLog();

    assertCloudNativeDeployed(s, flow, dk, List.of("[AKW-003]"));
    assertCodeModulesDelivered(s, flow);
  }

  @Test
  void cloudnative_version_ignored() throws Exception {
    E2eSandbox s = sandbox.get();
    CustomerFlow flow = new CustomerFlow(s);
    DynaKube dk = s.dynaKube("dynakube-cloudnative-version-ignored");
    s.tenant().clearRequests();
    s.registry().clearAccessLog();

    AdmissionCaller.Result<DynaKube> admitted = assertCloudNativeDeployed(s, flow, dk, List.of("[AKW-001]", "[AKW-003]"));
    assertThat(admitted.warnings()).filteredOn(w -> w.startsWith("[AKW-001]")).singleElement().asString()
        .contains("ignored for the OneAgent and the code modules");
    assertCodeModulesDelivered(s, flow);
  }

  @Test
  void appmonitoring_csi_private_registry() throws Exception {
    E2eSandbox s = sandbox.get();
    CustomerFlow flow = new CustomerFlow(s);
    KubernetesClient client = s.client();
    DynaKube dk = s.dynaKube("dynakube-appmonitoring-csi-private-registry");
    s.tokensSecret(DK);
    s.registry().clearAccessLog();

    AdmissionCaller.Result<DynaKube> admitted = flow.apply(dk);
    assertThat(admitted.allowed()).as(admitted.message()).isTrue();

    DynaKubeStatus status = flow.awaitStatus(DK, st -> st.getActiveGate() != null && "custom-image".equals(st.getActiveGate().getSource())
        && st.getCodeModules() != null && "custom-image".equals(st.getCodeModules().getSource()));
    assertThat(status.getCodeModules().getImageID()).isEqualTo(dk.getSpec().getOneAgent().getApplicationMonitoring().getCodeModulesImage());
    StatefulSet activeGate = awaitStatefulSet(client, DK + "-activegate");
    PodSpec agSpec = activeGate.getSpec().getTemplate().getSpec();
    assertThat(agSpec.getContainers().get(0).getImage()).isEqualTo(dk.getSpec().getActiveGate().getImage());
    assertThat(agSpec.getImagePullSecrets()).extracting(LocalObjectReference::getName)
        .containsExactly(E2eSandbox.CUSTOM_PULL_SECRET, DK + "-pull-secret");
    assertThat(client.secrets().inNamespace(E2eSandbox.NAMESPACE).withName(DK + "-pull-secret").get()).isNotNull();
    assertThat(client.apps().daemonSets().inNamespace(E2eSandbox.NAMESPACE).withName(DK + "-oneagent").get()).isNull();

    assertKubeletPulls(s, agSpec, dk.getSpec().getActiveGate().getImage());
    assertCodeModulesDelivered(s, flow);
  }

  /** Admission, reconcile, workloads and the kubelet's pulls of the two private workload images. */
  static AdmissionCaller.Result<DynaKube> assertCloudNativeDeployed(E2eSandbox s, CustomerFlow flow, DynaKube dk,
      List<String> warningIds) throws Exception {
    KubernetesClient client = s.client();
    s.tokensSecret(DK);

    AdmissionCaller.Result<DynaKube> admitted = flow.apply(dk);

    assertThat(admitted.allowed()).as(admitted.message()).isTrue();
    assertThat(admitted.warnings()).extracting(w -> w.substring(0, w.indexOf(']') + 1)).containsExactlyInAnyOrderElementsOf(warningIds);

    DynaKubeStatus status = flow.awaitStatus(DK, st -> st.getOneAgent() != null && "custom-image".equals(st.getOneAgent().getSource())
        && st.getActiveGate() != null && "custom-image".equals(st.getActiveGate().getSource())
        && st.getCodeModules() != null && "custom-image".equals(st.getCodeModules().getSource()));
    var cloudNative = dk.getSpec().getOneAgent().cloudNative();
    assertThat(status.getOneAgent().getImageID()).isEqualTo(cloudNative.getImage());
    assertThat(status.getActiveGate().getImageID()).isEqualTo(dk.getSpec().getActiveGate().getImage());
    assertThat(status.getCodeModules().getImageID()).isEqualTo(cloudNative.getCodeModulesImage());
    assertThat(s.tenant().count(".*metainfo.*")).as("no version lookup for custom images").isZero();

    E2eSandbox.await("DaemonSet " + DK + "-oneagent", CustomerFlow.PATIENCE,
        () -> client.apps().daemonSets().inNamespace(E2eSandbox.NAMESPACE).withName(DK + "-oneagent").get() != null);
    DaemonSet oneAgent = client.apps().daemonSets().inNamespace(E2eSandbox.NAMESPACE).withName(DK + "-oneagent").get();
    StatefulSet activeGate = awaitStatefulSet(client, DK + "-activegate");
    PodSpec oaSpec = oneAgent.getSpec().getTemplate().getSpec();
    PodSpec agSpec = activeGate.getSpec().getTemplate().getSpec();
    assertThat(oaSpec.getContainers().get(0).getImage()).isEqualTo(cloudNative.getImage());
    assertThat(agSpec.getContainers().get(0).getImage()).isEqualTo(dk.getSpec().getActiveGate().getImage());
    for (PodSpec spec : List.of(oaSpec, agSpec)) {
      assertThat(spec.getImagePullSecrets()).extracting(LocalObjectReference::getName)
          .containsExactly(E2eSandbox.CUSTOM_PULL_SECRET, DK + "-pull-secret");
    }
    assertKubeletPulls(s, oaSpec, cloudNative.getImage());
    assertKubeletPulls(s, agSpec, dk.getSpec().getActiveGate().getImage());
    flow.markWorkloadsReady(DK);
    assertThat(flow.awaitStatus(DK, st -> "Running".equals(st.getPhase())).getPhase()).isEqualTo("Running");
    return admitted;
  }

  /** The kubelet stand-in pulls with the pod spec's secrets only; the registry log shows the customer's user for every read. */
  private static void assertKubeletPulls(E2eSandbox s, PodSpec spec, String image) throws Exception {
    KubeletStandIn.Pull pull = s.kubelet().pull(E2eSandbox.NAMESPACE, spec, image, Platform.ofJvm());
    assertThat(pull.layers()).isPositive();
    String repository = image.substring(image.indexOf('/') + 1, image.lastIndexOf(':'));
    List<AccessLogEntry> reads = s.registry().awaitAccessLog(e -> e.isBlob() && e.status() == 200 && e.uri().contains(repository))
        .stream().filter(e -> (e.isManifest() || e.isBlob()) && e.status() == 200 && e.uri().contains(repository)).toList();
    assertThat(reads).isNotEmpty().allSatisfy(e -> assertThat(e.user()).isEqualTo(s.customer().name()));
  }

  /**
   * The injection path: a labelled app namespace with the bootstrapper replicas, a pod admitted with {@code delivery=csi},
   * the provisioner's pull as the customer, a publish that mounts the key, and the bootstrap child writing the config.
   */
  static void assertCodeModulesDelivered(E2eSandbox s, CustomerFlow flow) throws Exception {
    KubernetesClient client = s.client();
    flow.createNamespace(APP_NAMESPACE);
    flow.awaitInjectionReady(APP_NAMESPACE);
    assertThat(client.namespaces().withName(APP_NAMESPACE).get().getMetadata().getLabels())
        .containsEntry(Labels.DYNAKUBE_INSTANCE, DK);

    CsiNode csi = s.csi().orElseThrow();
    String key = "sha256-" + s.images().codeModules().image(nodePlatform()).digest().substring("sha256:".length());
    E2eSandbox.await("the provisioner to link " + key, CustomerFlow.PATIENCE, () -> latest(csi).equals(Optional.of(key)));
    // nothing but the provisioner reads the code-modules repository here (the kubelet stand-in pulls the workload images)
    List<AccessLogEntry> provisionerReads = s.registry().accessLog().stream()
        .filter(e -> (e.isManifest() || e.isBlob()) && e.status() == 200 && e.uri().contains("/astromkey-codemodules/")).toList();
    assertThat(provisionerReads).isNotEmpty().allSatisfy(e -> assertThat(e.user()).isEqualTo(s.customer().name()));
    assertThat(provisionerReads).anyMatch(e -> e.isBlob()
        && e.uri().contains(s.images().codeModules().image(nodePlatform()).layers().get(0).digest()));

    AdmissionCaller.Result<Pod> created = flow.createPod(APP_NAMESPACE, "app-1", "docker.io/library/nginx:1.27");
    Pod pod = created.object();
    assertThat(pod.getMetadata().getAnnotations()).containsEntry(Annotations.ONEAGENT_INJECTED, "true")
        .containsEntry(Annotations.ONEAGENT_DELIVERY, "csi");
    assertThat(pod.getSpec().getInitContainers()).extracting(c -> c.getName()).contains(ObjectNames.INJECTION_INIT_CONTAINER);
    assertThat(pod.getSpec().getInitContainers().stream().filter(c -> c.getName().equals(ObjectNames.INJECTION_INIT_CONTAINER))
        .findFirst().orElseThrow().getImage()).isEqualTo(s.chart().operatorImage());
    Volume bin = pod.getSpec().getVolumes().stream().filter(v -> v.getName().equals(ObjectNames.VOLUME_ONEAGENT_BIN)).findFirst()
        .orElseThrow();
    assertThat(bin.getCsi().getDriver()).isEqualTo(ObjectNames.CSI_DRIVER);
    assertThat(bin.getCsi().getVolumeAttributes()).containsEntry(CsiVolumeAttributes.MODE, CsiVolumeAttributes.MODE_APP)
        .containsEntry(CsiVolumeAttributes.DYNAKUBE, DK);

    CsiNode.Publication published = csi.publish(pod, ObjectNames.VOLUME_ONEAGENT_BIN, Duration.ofSeconds(30));
    assertThat(published.target().resolve("agent/lib64/liboneagentproc.so")).content().contains(
        com.astromkey.e2e.sandbox.SandboxImages.VERSION);
    assertThat(published.target().resolve("agent/arch")).hasContent(nodePlatform().unameMachine());

    BootstrapRunner.Run run = s.bootstrap().run(pod, published.target(), Duration.ofSeconds(60));
    assertThat(run.exit()).as(run.out() + run.err()).isZero();
    Path config = run.configDir();
    assertThat(config.resolve(".astromkey/ld.so.preload")).content().contains("liboneagentproc.so");
    assertThat(config.resolve("app/oneagent/agent/config/container.conf")).content().contains("k8s_namespace " + APP_NAMESPACE);
    assertThat(config.resolve("app/oneagent/agent/config/akagentproc.conf")).exists();
    assertThat(Files.readString(run.terminationLog())).contains("\"result\":\"ok\"", "\"delivery\":\"csi\"");

    assertThat(s.tenant().count("/v2/.*")).as("no pull through the tenant registry").isZero();
  }

  private static Optional<String> latest(CsiNode csi) {
    try {
      return csi.cache().latest(DK).map(m -> m.key());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static StatefulSet awaitStatefulSet(KubernetesClient client, String name) {
    E2eSandbox.await("StatefulSet " + name, CustomerFlow.PATIENCE,
        () -> client.apps().statefulSets().inNamespace(E2eSandbox.NAMESPACE).withName(name).get() != null);
    return client.apps().statefulSets().inNamespace(E2eSandbox.NAMESPACE).withName(name).get();
  }

  /** The platform the provisioner resolves for this node (it runs in this JVM, without AK_PLATFORM). */
  static ImagePlatform nodePlatform() {
    return "arm64".equals(Platform.ofJvm().architecture()) ? ImagePlatform.LINUX_ARM64 : ImagePlatform.LINUX_AMD64;
  }
}
