package com.astromkey.e2e.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import com.astromkey.domain.dynakube.DynaKube;
import com.astromkey.domain.names.Annotations;
import com.astromkey.domain.names.CsiVolumeAttributes;
import com.astromkey.domain.names.EnvVars;
import com.astromkey.domain.names.Labels;
import com.astromkey.domain.names.ObjectNames;
import com.astromkey.domain.names.PathNames;
import com.astromkey.e2e.harness.E2eSandboxExtension;
import com.astromkey.e2e.kubelet.KubeletStandIn;
import com.astromkey.e2e.sandbox.AdmissionCaller;
import com.astromkey.e2e.sandbox.CsiNode;
import com.astromkey.e2e.sandbox.CustomerFlow;
import com.astromkey.e2e.sandbox.E2eSandbox;
import com.astromkey.e2e.sandbox.SandboxImages;
import com.astromkey.oci.Platform;
import com.astromkey.sandbox.images.PushedIndex;
import com.astromkey.sandbox.time.TestClock;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Section 2 of scenarios.md (migrations and changes) with the chart's CSI driver. The CSI server and provisioner run on
 * a test clock with the catalogue's knobs ({@code AK_CSI_DIGEST_RECHECK_PERIOD=1s}, GC every second of that clock), so
 * that re-checks and the 10-minute GC age are reached by advancing the clock instead of waiting.
 */
class MigrationScenarioIT {
  private static final String DK = "dynakube";
  private static final String APP_NAMESPACE = "shop";
  private static final String ZIP_VERSION = "1.299.0.20240801-100000";
  private static final String MOVED_VERSION = "1.303.0";
  /** Past GC's minimum age of an installed version (csi-driver.md §7). */
  private static final Duration OLDER_THAN_GC_AGE = Duration.ofMinutes(11);

  private static final String LIBRARY = "agent/lib64/liboneagentproc.so";
  private static final List<String> REPLICAS = List.of(ObjectNames.BOOTSTRAPPER_CONFIG_SECRET,
      ObjectNames.BOOTSTRAPPER_CERTS_SECRET, ObjectNames.INJECTION_PULL_SECRET);

  private final TestClock clock = TestClock.atNow();

  @RegisterExtension
  final E2eSandboxExtension sandbox = E2eSandboxExtension.withCsi().withCsiTime(clock, Map.of(
      EnvVars.AK_CSI_DIGEST_RECHECK_PERIOD, "1s", EnvVars.AK_CSI_CLEANUP_PERIOD, "1s"));

  @Test
  void classic_to_cloudnative_switch() throws Exception {
    E2eSandbox s = sandbox.get();
    KubernetesClient client = s.client();
    CustomerFlow flow = new CustomerFlow(s);
    s.tokensSecret(DK);
    assertAdmitted(flow.apply(s.dynaKube("dynakube-classic-private-registry")));
    DaemonSet classic = awaitDaemonSet(client, ds -> hostIdSource(ds).equals("auto"));
    flow.createNamespace(APP_NAMESPACE);
    assertThat(labels(client)).doesNotContainKey(Labels.DYNAKUBE_INSTANCE);

    update(s, "dynakube-classic-to-cloudnative-switch");

    DaemonSet cloudNative = awaitDaemonSet(client, ds -> hostIdSource(ds).equals("k8s-node-name"));
    assertThat(cloudNative.getMetadata().getUid()).as("the same DaemonSet object").isEqualTo(classic.getMetadata().getUid());
    Container agent = cloudNative.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(agent.getImage()).isEqualTo(classic.getSpec().getTemplate().getSpec().getContainers().get(0).getImage());
    assertThat(agent.getSecurityContext().getRunAsUser()).isEqualTo(1000L);
    assertThat(agent.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(hostVolume(cloudNative)).hasValueSatisfying(v -> assertThat(v.getCsi().getVolumeAttributes())
        .containsEntry(CsiVolumeAttributes.MODE, CsiVolumeAttributes.MODE_HOST));
    E2eSandbox.await("the label on namespace " + APP_NAMESPACE, CustomerFlow.PATIENCE,
        () -> DK.equals(labels(client).get(Labels.DYNAKUBE_INSTANCE)));
    flow.awaitInjectionReady(APP_NAMESPACE);
    assertThat(client.secrets().inNamespace(APP_NAMESPACE).list().getItems()).extracting(x -> x.getMetadata().getName())
        .containsAll(REPLICAS);
    assertThat(flow.awaitStatus(DK, st -> st.getCodeModules() != null && "custom-image".equals(st.getCodeModules().getSource()))
        .getCodeModules().getImageID()).endsWith("/astromkey-codemodules:" + SandboxImages.VERSION);
    String key = imageKey(s.images().codeModules());
    E2eSandbox.await("the provisioner to link " + key, CustomerFlow.PATIENCE, () -> latest(s).equals(Optional.of(key)));

    update(s, "dynakube-classic-private-registry");

    DaemonSet back = awaitDaemonSet(client, ds -> hostIdSource(ds).equals("auto"));
    assertThat(back.getMetadata().getUid()).isEqualTo(classic.getMetadata().getUid());
    assertThat(hostVolume(back)).isEmpty();
    assertThat(back.getSpec().getTemplate().getSpec().getContainers().get(0).getSecurityContext().getRunAsUser()).isZero();
    E2eSandbox.await("the label and the replicas to leave " + APP_NAMESPACE, CustomerFlow.PATIENCE,
        () -> !labels(client).containsKey(Labels.DYNAKUBE_INSTANCE) && client.secrets().inNamespace(APP_NAMESPACE).list()
            .getItems().stream().noneMatch(secret -> REPLICAS.contains(secret.getMetadata().getName())));
  }

  @Test
  void codemodules_version_to_image_migration() throws Exception {
    E2eSandbox s = sandbox.get();
    CustomerFlow flow = new CustomerFlow(s);
    CsiNode csi = s.csi().orElseThrow();
    s.tokensSecret(DK);
    assertAdmitted(flow.apply(s.dynaKube("dynakube-codemodules-version-to-image-migration")));
    assertThat(flow.awaitStatus(DK, st -> st.getCodeModules() != null && ZIP_VERSION.equals(st.getCodeModules().getVersion()))
        .getCodeModules().getSource()).isNotEqualTo("custom-image");
    E2eSandbox.await("the zip version to be linked", CustomerFlow.PATIENCE, () -> latest(s).equals(Optional.of(ZIP_VERSION)));
    flow.createNamespace(APP_NAMESPACE);
    flow.awaitInjectionReady(APP_NAMESPACE);
    CsiNode.Publication old = mountedPod(flow, csi, "app-old");
    assertThat(old.target().resolve(LIBRARY)).content().contains(ZIP_VERSION);

    String image = s.registry().host() + "/" + E2eSandbox.REPOSITORY_PREFIX + "/astromkey-codemodules:" + SandboxImages.VERSION;
    update(s, dk -> {
      dk.getSpec().getOneAgent().getCloudNativeFullStack().setCodeModulesImage(image);
      return dk;
    });

    // no version throttling for a custom image: the status follows the spec change at once
    long changed = System.nanoTime();
    assertThat(flow.awaitStatus(DK, st -> st.getCodeModules() != null && "custom-image".equals(st.getCodeModules().getSource()))
        .getCodeModules().getImageID()).isEqualTo(image);
    assertThat(Duration.ofNanos(System.nanoTime() - changed)).isLessThan(Duration.ofSeconds(10));
    String key = imageKey(s.images().codeModules());
    E2eSandbox.await("the provisioner to repoint the link to " + key, CustomerFlow.PATIENCE,
        () -> latest(s).equals(Optional.of(key)));
    assertThat(old.target().resolve(LIBRARY)).as("the existing mount keeps its lower dir")
        .content().contains(ZIP_VERSION);
    CsiNode.Publication fresh = mountedPod(flow, csi, "app-new");
    assertThat(fresh.target().resolve(LIBRARY)).content().contains(SandboxImages.VERSION)
        .doesNotContain(ZIP_VERSION);

    assertCollectedOnlyAfterUnpublish(csi, ZIP_VERSION, old);
  }

  @Test
  void node_image_pull_with_csi() throws Exception {
    E2eSandbox s = sandbox.get();
    KubernetesClient client = s.client();
    CustomerFlow flow = new CustomerFlow(s);
    CsiNode csi = s.csi().orElseThrow();
    s.tokensSecret(DK);
    DynaKube dk = s.dynaKube("dynakube-node-image-pull-with-csi");
    String image = dk.getSpec().getOneAgent().getApplicationMonitoring().getCodeModulesImage();
    s.registry().clearAccessLog();
    assertAdmitted(flow.apply(dk));

    String jobName = ObjectNames.nodeImagePullJobName(image, E2eSandbox.NODE);
    E2eSandbox.await("Job " + jobName, CustomerFlow.PATIENCE,
        () -> client.batch().v1().jobs().inNamespace(E2eSandbox.NAMESPACE).withName(jobName).get() != null);
    Job job = client.batch().v1().jobs().inNamespace(E2eSandbox.NAMESPACE).withName(jobName).get();
    assertThat(jobName).matches(ObjectNames.CODEMODULE_DOWNLOAD_JOB_PREFIX + "[0-9a-f]{10}");
    assertThat(job.getMetadata().getLabels()).containsEntry(Labels.APP_MANAGED_BY, Labels.MANAGED_BY_OPERATOR)
        .containsEntry(Labels.APP_COMPONENT, Labels.COMPONENT_CODEMODULE_DOWNLOAD).containsEntry(Labels.APP_CREATED_BY, DK);
    assertThat(job.getSpec().getActiveDeadlineSeconds()).isEqualTo(600L);
    assertThat(job.getSpec().getTtlSecondsAfterFinished()).isEqualTo(10);
    assertThat(job.getSpec().getBackoffLimit()).isEqualTo(2);
    PodSpec podSpec = job.getSpec().getTemplate().getSpec();
    assertThat(job.getSpec().getTemplate().getMetadata().getAnnotations()).containsEntry(Annotations.INJECT, "false");
    assertThat(podSpec.getRestartPolicy()).isEqualTo("OnFailure");
    assertThat(podSpec.getNodeSelector()).containsExactly(Map.entry(Labels.KUBERNETES_HOSTNAME, E2eSandbox.NODE));
    assertThat(podSpec.getServiceAccountName()).isEqualTo(ObjectNames.CSI_SERVICE_ACCOUNT);
    // of the three names only the customer's Secret exists (no ActiveGate, so no <dk>-pull-secret)
    assertThat(client.secrets().inNamespace(E2eSandbox.NAMESPACE).withName(DK + "-pull-secret").get()).isNull();
    assertThat(podSpec.getImagePullSecrets()).extracting(LocalObjectReference::getName)
        .containsExactly(E2eSandbox.CUSTOM_PULL_SECRET);
    Container download = podSpec.getContainers().get(0);
    assertThat(download.getName()).isEqualTo(ObjectNames.CODEMODULE_DOWNLOAD_CONTAINER);
    assertThat(download.getImage()).isEqualTo(image);
    String work = PathNames.CSI_DATA_DIR + "/work/" + jobName;
    assertThat(download.getArgs()).containsExactly("--source=" + PathNames.CODE_MODULES_SOURCE, "--target=" + work + "/out",
        "--work=" + work + "/tmp");
    assertThat(podSpec.getVolumes()).singleElement().satisfies(v -> assertThat(v.getHostPath().getPath())
        .endsWith("/plugins/" + ObjectNames.CSI_DRIVER + "/data"));

    assertThat(s.registry().accessLog()).as("no registry request before the kubelet pulls for the Job").isEmpty();

    // the kubelet's part: pull with the Job pod's secrets, run the container (copy the tree to out), report success
    Path rootfs = s.tmp().resolve("job-rootfs");
    KubeletStandIn.Pull pull = s.kubelet().pullAndUnpack(E2eSandbox.NAMESPACE, podSpec, image, Platform.ofJvm(), rootfs);
    assertThat(pull.secretsUsed()).containsExactly(E2eSandbox.CUSTOM_PULL_SECRET);
    int kubeletRequests = settledAccessLogSize(s);
    copyTree(rootfs.resolve(PathNames.CODE_MODULES_SOURCE.substring(1)), csi.dataDir().resolve("work").resolve(jobName).resolve("out"));
    PushedIndex index = s.images().codeModules();
    client.pods().inNamespace(E2eSandbox.NAMESPACE).resource(new PodBuilder().withNewMetadata().withName(jobName + "-x7k2p")
        .withNamespace(E2eSandbox.NAMESPACE).addToLabels("job-name", jobName).endMetadata().withSpec(podSpec).withNewStatus()
        .withPhase("Succeeded").addToContainerStatuses(new ContainerStatusBuilder().withName(ObjectNames.CODEMODULE_DOWNLOAD_CONTAINER)
            .withImage(image).withImageID(index.repository() + "@" + index.digest()).build()).endStatus().build()).create();
    job.setStatus(new JobStatusBuilder().withSucceeded(1).build());
    client.batch().v1().jobs().inNamespace(E2eSandbox.NAMESPACE).resource(job).updateStatus();

    String key = "sha256-" + index.digest().substring("sha256:".length());
    E2eSandbox.await("the Job's tree to become " + key, Duration.ofSeconds(90), () -> latest(s).equals(Optional.of(key)));
    assertThat(csi.dataDir().resolve("codemodules").resolve(key).resolve(LIBRARY)).content()
        .contains(SandboxImages.VERSION);
    assertThat(s.registry().accessLog()).as("the provisioner itself pulls nothing: only the kubelet stand-in's reads")
        .hasSize(kubeletRequests);
  }

  @Test
  void codemodules_tag_moved() throws Exception {
    E2eSandbox s = sandbox.get();
    CustomerFlow flow = new CustomerFlow(s);
    CsiNode csi = s.csi().orElseThrow();
    s.tokensSecret(DK);
    DynaKube dk = s.dynaKube("dynakube-codemodules-tag-moved");
    assertAdmitted(flow.apply(dk));
    String firstKey = imageKey(s.images().codeModules());
    E2eSandbox.await("the first install " + firstKey, CustomerFlow.PATIENCE, () -> latest(s).equals(Optional.of(firstKey)));
    flow.createNamespace(APP_NAMESPACE);
    flow.awaitInjectionReady(APP_NAMESPACE);
    CsiNode.Publication mounted = mountedPod(flow, csi, "app-1");

    String repository = E2eSandbox.REPOSITORY_PREFIX + "/astromkey-codemodules";
    PushedIndex moved = SandboxImages.pushCodeModules(s.registry(), repository, SandboxImages.VERSION, MOVED_VERSION);
    assertThat(moved.digest()).isNotEqualTo(s.images().codeModules().digest());
    clock.advance(Duration.ofSeconds(2));

    String newKey = imageKey(moved);
    E2eSandbox.await("the moved tag to be installed as " + newKey, CustomerFlow.PATIENCE,
        () -> latest(s).equals(Optional.of(newKey)));
    assertThat(csi.cache().resolved(DK).orElseThrow().subjectDigest()).isEqualTo(moved.digest());
    assertThat(csi.cache().resolved(DK).orElseThrow().key()).isEqualTo(newKey);
    assertThat(csi.dataDir().resolve("codemodules").resolve(newKey).resolve(LIBRARY)).content()
        .contains(MOVED_VERSION);
    assertThat(mounted.target().resolve(LIBRARY)).content().contains(SandboxImages.VERSION)
        .doesNotContain(MOVED_VERSION);

    assertCollectedOnlyAfterUnpublish(csi, firstKey, mounted);
  }

  /** The old key outlives GC's age limit while {@code volume} is mounted and goes at the first GC after its unpublish. */
  private void assertCollectedOnlyAfterUnpublish(CsiNode csi, String oldKey, CsiNode.Publication volume)
      throws InterruptedException {
    clock.advance(OLDER_THAN_GC_AGE);
    // GC runs every second of real time and now sees the old key old enough; give it a few passes
    Thread.sleep(3000);
    assertThat(csi.cache().isInstalled(oldKey)).as(oldKey + " while mounted").isTrue();
    csi.unpublish(volume);
    clock.advance(Duration.ofMinutes(1));
    E2eSandbox.await("GC to remove " + oldKey, CustomerFlow.PATIENCE, () -> !csi.cache().isInstalled(oldKey));
  }

  /** A pod admitted in the app namespace whose code-modules volume the kubelet published. */
  private static CsiNode.Publication mountedPod(CustomerFlow flow, CsiNode csi, String name) throws Exception {
    Pod pod = flow.createPod(APP_NAMESPACE, name, "docker.io/library/nginx:1.27").object();
    return csi.publish(pod, ObjectNames.VOLUME_ONEAGENT_BIN, Duration.ofSeconds(30));
  }

  private static void update(E2eSandbox s, String fixture) throws Exception {
    update(s, stored -> {
      DynaKube next = s.dynaKube(fixture);
      next.setMetadata(stored.getMetadata());
      return next;
    });
  }

  /**
   * What {@code kubectl edit} does: admission of the changed object against the stored one, then the update; the operator
   * writes status and finalizers meanwhile, so a conflict means reading the DynaKube again.
   */
  private static void update(E2eSandbox s, UnaryOperator<DynaKube> change) throws Exception {
    for (int attempt = 1; ; attempt++) {
      DynaKube next = change.apply(stored(s));
      assertAdmitted(s.admission().validateDynaKube(next, stored(s)));
      try {
        s.client().resources(DynaKube.class).inNamespace(E2eSandbox.NAMESPACE).resource(next).update();
        return;
      } catch (KubernetesClientException e) {
        if (e.getCode() != HttpURLConnection.HTTP_CONFLICT || attempt == 5) {
          throw e;
        }
      }
    }
  }

  private static DynaKube stored(E2eSandbox s) {
    return s.client().resources(DynaKube.class).inNamespace(E2eSandbox.NAMESPACE).withName(DK).get();
  }

  private static void assertAdmitted(AdmissionCaller.Result<DynaKube> admitted) {
    assertThat(admitted.allowed()).as(admitted.message()).isTrue();
  }

  private static DaemonSet awaitDaemonSet(KubernetesClient client, java.util.function.Predicate<DaemonSet> state) {
    DaemonSet[] last = new DaemonSet[1];
    E2eSandbox.await("DaemonSet " + DK + "-oneagent in the expected state", CustomerFlow.PATIENCE, () -> {
      last[0] = client.apps().daemonSets().inNamespace(E2eSandbox.NAMESPACE).withName(DK + "-oneagent").get();
      return last[0] != null && state.test(last[0]);
    });
    return last[0];
  }

  private static String hostIdSource(DaemonSet ds) {
    return ds.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs().stream()
        .filter(a -> a.startsWith("--set-host-id-source=")).map(a -> a.substring(a.indexOf('=') + 1)).findFirst().orElse("");
  }

  private static Optional<Volume> hostVolume(DaemonSet ds) {
    return ds.getSpec().getTemplate().getSpec().getVolumes().stream().filter(v -> v.getCsi() != null).findFirst();
  }

  private static Map<String, String> labels(KubernetesClient client) {
    Map<String, String> labels = client.namespaces().withName(APP_NAMESPACE).get().getMetadata().getLabels();
    return labels == null ? Map.of() : labels;
  }

  private static String imageKey(PushedIndex index) {
    return "sha256-" + index.image(PrivateRegistryScenarioIT.nodePlatform()).digest().substring("sha256:".length());
  }

  private static Optional<String> latest(E2eSandbox s) {
    try {
      return s.csi().orElseThrow().cache().latest(DK).map(m -> m.key());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The access log is written after each response: wait until it stops growing. */
  private static int settledAccessLogSize(E2eSandbox s) throws InterruptedException {
    int size = -1;
    while (size != s.registry().accessLog().size()) {
      size = s.registry().accessLog().size();
      Thread.sleep(500);
    }
    return size;
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
  }
}
