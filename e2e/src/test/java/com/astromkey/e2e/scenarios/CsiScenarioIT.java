package com.astromkey.e2e.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import com.astromkey.csi.grpc.UnixSocketChannel;
import com.astromkey.csi.layout.DataLayout;
import com.astromkey.csi.mount.LinuxMounter;
import com.astromkey.csi.mount.MountEntry;
import com.astromkey.csi.spec.v1.NodeGrpc;
import com.astromkey.csi.spec.v1.NodePublishVolumeRequest;
import com.astromkey.csi.spec.v1.NodePublishVolumeResponse;
import com.astromkey.csi.spec.v1.NodeUnpublishVolumeRequest;
import com.astromkey.csi.spec.v1.VolumeCapability;
import com.astromkey.domain.dynakube.DynaKube;
import com.astromkey.domain.names.CsiEventReasons;
import com.astromkey.domain.names.CsiVolumeAttributes;
import com.astromkey.domain.names.EnvVars;
import com.astromkey.domain.names.ObjectNames;
import com.astromkey.e2e.sandbox.AdmissionCaller;
import com.astromkey.e2e.sandbox.CsiNode;
import com.astromkey.e2e.sandbox.CustomerFlow;
import com.astromkey.e2e.sandbox.E2eSandbox;
import com.astromkey.e2e.sandbox.LauncherProcess;
import com.astromkey.e2e.sandbox.SandboxImages;
import com.astromkey.sandbox.images.ImageFactory;
import com.astromkey.sandbox.images.ImageFormat;
import com.astromkey.sandbox.images.ImagePlatform;
import com.astromkey.sandbox.images.LayerBuilder;
import com.astromkey.sandbox.images.PushedImage;
import com.astromkey.sandbox.images.PushedIndex;
import com.astromkey.sandbox.images.TestImages;
import com.astromkey.sandbox.registry.RequiresDockerRegistry;
import com.astromkey.sandbox.time.TestClock;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Section 7 CSI scenarios of scenarios.md: GC of versions in use, crash recovery, concurrency limits of the node service. */
@RequiresDockerRegistry
class CsiScenarioIT {
  private static final String DK = "dynakube";
  private static final String FIXTURE = "dynakube-cloudnative-private-registry";
  private static final String APP_NAMESPACE = "shop";
  private static final Duration PAST_GC_AGE_AND_PERIOD = Duration.ofMinutes(31);
  private static final String CODE_MODULES = E2eSandbox.REPOSITORY_PREFIX + "/astromkey-codemodules";

  private E2eSandbox sandbox;

  @AfterEach
  void close() {
    if (sandbox != null) sandbox.close();
  }

  @Test
  void csi_gc_keeps_in_use() throws Exception {
    TestClock clock = TestClock.atNow();
    sandbox = withoutCsi();
    // a 1-byte budget: every install is over it, so budget eviction runs after each pass next to the periodic GC
    sandbox.startCsi(clock, Map.of(EnvVars.AK_CSI_CACHE_BUDGET, "1"));
    CsiNode csi = sandbox.csi().orElseThrow();
    CustomerFlow flow = new CustomerFlow(sandbox);
    // versions of this run only: GC protects a key any overlay on the machine shows, and other tests mount the sandbox's
    int run = new Random().nextInt(100_000);
    List<String> versions = List.of("1.321." + run, "1.322." + run, "1.323." + run);
    String mountedOnly = key(SandboxImages.pushCodeModules(sandbox.registry(), CODE_MODULES, versions.get(0)));
    String unused = key(SandboxImages.pushCodeModules(sandbox.registry(), CODE_MODULES, versions.get(1)));
    String linked = key(SandboxImages.pushCodeModules(sandbox.registry(), CODE_MODULES, versions.get(2)));

    sandbox.tokensSecret(DK);
    DynaKube dk = sandbox.dynaKube(FIXTURE);
    dk.getSpec().getOneAgent().getCloudNativeFullStack().setCodeModulesImage(codeModulesImage(versions.get(0)));
    AdmissionCaller.Result<DynaKube> admitted = flow.apply(dk);
    assertThat(admitted.allowed()).as(admitted.message()).isTrue();
    awaitLinked(csi, mountedOnly);
    E2eSandbox.await("a " + CsiEventReasons.CODE_MODULES_CACHE_OVER_BUDGET + " event", CustomerFlow.PATIENCE,
        () -> !events(CsiEventReasons.CODE_MODULES_CACHE_OVER_BUDGET).isEmpty());
    assertThat(events(CsiEventReasons.CODE_MODULES_CACHE_OVER_BUDGET).get(0).getMessage())
        .startsWith("node " + E2eSandbox.NODE + ":").contains("above its budget of 1 bytes");
    assertThat(csi.cache().keys()).as("the linked version is protected from the budget").containsExactly(mountedOnly);

    flow.createNamespace(APP_NAMESPACE);
    flow.awaitInjectionReady(APP_NAMESPACE);
    Pod pod = flow.createPod(APP_NAMESPACE, "app-1", "docker.io/library/nginx:1.27").object();
    CsiNode.Publication publication = csi.publish(pod, ObjectNames.VOLUME_ONEAGENT_BIN, CustomerFlow.PATIENCE);
    assertThat(publication.target().resolve("agent/lib64/liboneagentproc.so")).content().contains(versions.get(0));

    // the DynaKube moves on twice: the pod keeps the first version, the second is left unused, the third is linked
    moveCodeModules(versions.get(1));
    awaitLinked(csi, unused);
    moveCodeModules(versions.get(2));
    awaitLinked(csi, linked);
    assertThat(csi.cache().keys()).containsExactlyInAnyOrder(mountedOnly, unused, linked);

    clock.advance(PAST_GC_AGE_AND_PERIOD);
    touch();
    E2eSandbox.await("GC to remove the unused version", CustomerFlow.PATIENCE, () -> !keys(csi).contains(unused));
    assertThat(csi.cache().keys()).containsExactlyInAnyOrder(mountedOnly, linked);
    assertThat(publication.target().resolve("agent/lib64/liboneagentproc.so")).as("the pod still reads its version")
        .content().contains(versions.get(0));

    csi.unpublish(publication);
    clock.advance(PAST_GC_AGE_AND_PERIOD);
    touch();
    E2eSandbox.await("GC to remove the version no pod mounts any more; " + diagnostics(csi), CustomerFlow.PATIENCE,
        () -> !keys(csi).contains(mountedOnly));
    assertThat(csi.cache().keys()).as("the linked version is never collected, budget or not").containsExactly(linked);
    assertThat(csi.cache().latest(DK).orElseThrow().key()).isEqualTo(linked);
  }

  @Test
  void csi_crash_recovery() throws Exception {
    sandbox = withoutCsi();
    CustomerFlow flow = new CustomerFlow(sandbox);
    // 48 MB that do not compress: the extraction into work/ takes long enough to be killed inside it
    byte[] payload = new byte[48 << 20];
    new Random(20261127L).nextBytes(payload);
    PushedImage image = new ImageFactory(sandbox.registry()).pushImage(E2eSandbox.REPOSITORY_PREFIX + "/astromkey-codemodules",
        "1.309.0", ImageFormat.OCI, ImagePlatform.LINUX_AMD64, TestImages.labels("1.309.0"),
        List.of(TestImages.codeModules("1.309.0", ImagePlatform.LINUX_AMD64).build(),
            LayerBuilder.create().file(TestImages.AGENT_ROOT + "agent/lib64/liboneagentjava.so", payload, 0755).gzipLevel(1).build()));
    String key = "sha256-" + image.digest().substring("sha256:".length());
    DataLayout layout = new DataLayout(Files.createDirectories(sandbox.tmp().resolve("node-data")));
    Map<String, String> env = new HashMap<>(sandbox.csiEnvironment(ObjectNames.CSI_PROVISIONER_CONTAINER));
    env.put(EnvVars.AK_CSI_DATA_DIR, layout.root().toString());
    // the image has only an amd64 manifest; the node platform would otherwise come from this machine
    env.put(EnvVars.AK_PLATFORM, "linux/amd64");
    List<String> provisionerArgs = List.of("--health-port=0", "--metrics-port=0",
        "--kubelet-dir=" + Files.createDirectories(sandbox.tmp().resolve("node-kubelet")));

    sandbox.tokensSecret(DK);
    DynaKube dk = sandbox.dynaKube(FIXTURE);
    dk.getSpec().getOneAgent().getCloudNativeFullStack().setCodeModulesImage(image.reference());
    AdmissionCaller.Result<DynaKube> admitted = flow.apply(dk);
    assertThat(admitted.allowed()).as(admitted.message()).isTrue();

    LauncherProcess first = sandbox.launch("csi-provisioner", provisionerArgs, env);
    E2eSandbox.await("the provisioner extracting the large library into work/", CustomerFlow.PATIENCE,
        () -> !first.isAlive() || extracting(layout.work(), "liboneagentjava.so"));
    assertThat(first.isAlive()).as("the first provisioner runs until killed:\n%s", outputOf(first)).isTrue();
    first.kill();
    assertThat(layout.codemodule(key)).as("killed mid-extraction: nothing renamed into codemodules/").doesNotExist();
    assertThat(entries(layout.work())).as("the crash leaves its work dir").isNotEmpty();
    // links a crash between removing a version and relinking leaves behind: one latest link, one half-done relink
    Path gone = layout.codemodule("sha256-" + "0".repeat(64));
    Path danglingLatest = layout.latestLink("deleted-dynakube");
    Files.createDirectories(danglingLatest.getParent());
    Files.createSymbolicLink(danglingLatest, danglingLatest.getParent().relativize(gone));
    Path danglingTmp = layout.latestLink(DK).resolveSibling(layout.latestLink(DK).getFileName() + DataLayout.TMP_SUFFIX);
    Files.createSymbolicLink(danglingTmp, danglingTmp.getParent().relativize(gone));

    LauncherProcess init = sandbox.launch("csi-init", List.of(), env);
    assertThat(init.waitFor(Duration.ofSeconds(60))).as(init.output()).isZero();
    assertThat(init.output()).contains("ready (layout " + DataLayout.LAYOUT_VERSION + ")");
    assertThat(entries(layout.work())).as("work/ after csi-init").isEmpty();
    assertThat(entries(layout.codemodules())).as("no partial codemodules/* after csi-init").isEmpty();
    assertThat(Files.exists(danglingLatest, LinkOption.NOFOLLOW_LINKS)).as("dangling latest link").isFalse();
    assertThat(Files.exists(danglingTmp, LinkOption.NOFOLLOW_LINKS)).as("dangling .tmp link").isFalse();

    LauncherProcess second = sandbox.launch("csi-provisioner", provisionerArgs, env);
    E2eSandbox.await("the restarted provisioner to complete the install", Duration.ofSeconds(120),
        () -> !second.isAlive() || Files.isRegularFile(layout.latestLink(DK).resolve(DataLayout.META_FILE)));
    assertThat(second.isAlive()).as("the restarted provisioner keeps running:\n%s", outputOf(second)).isTrue();
    assertThat(layout.latestLink(DK).toRealPath()).isEqualTo(layout.codemodule(key).toRealPath());
    assertThat(layout.codemodule(key).resolve("agent/lib64/liboneagentjava.so")).hasSize(payload.length);
    assertThat(layout.codemodule(key).resolve(DataLayout.REQUIRED_LIBRARY)).content().contains("1.309.0");
    // the log line follows the relink, so it may still be on its way when the link is seen
    E2eSandbox.await("the restarted provisioner to log the install", Duration.ofSeconds(30),
        () -> outputOf(second).contains("Installed code modules"));
    assertThat(outputOf(second)).contains("Installed code modules", "as " + key + " for DynaKube " + DK);
  }

  @Test
  void csi_concurrency_and_timeout() throws Exception {
    sandbox = E2eSandbox.startAll(true);
    CustomerFlow flow = new CustomerFlow(sandbox);
    CsiNode csi = sandbox.csi().orElseThrow();
    sandbox.tokensSecret(DK);
    AdmissionCaller.Result<DynaKube> admitted = flow.apply(sandbox.dynaKube(FIXTURE));
    assertThat(admitted.allowed()).as(admitted.message()).isTrue();
    awaitLinked(csi, key(sandbox.images().codeModules()));

    // the DaemonSet's server container with its chart env (limit 20) and production wiring (real mounts, real sleeps)
    Path kubelet = Files.createDirectories(sandbox.tmp().resolve("node-kubelet"));
    Path socket = Files.createDirectories(sandbox.tmp().resolve("node-csi")).resolve("csi.sock");
    int metricsPort = freePort();
    Map<String, String> env = new HashMap<>(sandbox.csiEnvironment(ObjectNames.CSI_SERVER_CONTAINER));
    env.put(EnvVars.AK_CSI_DATA_DIR, csi.dataDir().toString());
    assertThat(env).containsEntry(EnvVars.AK_CSI_MAX_GRPC_REQUESTS, "20");
    LauncherProcess server = sandbox.launch("csi-server", List.of("--csi-socket=" + socket, "--node-id=" + E2eSandbox.NODE,
        "--kubelet-dir=" + kubelet, "--metrics-port=" + metricsPort), env);
    E2eSandbox.await("the csi-server socket", CustomerFlow.PATIENCE, () -> !server.isAlive() || Files.exists(socket));
    assertThat(server.isAlive()).as(server.output()).isTrue();

    try (UnixSocketChannel channel = new UnixSocketChannel(socket)) {
      NodeGrpc.NodeBlockingStub node = NodeGrpc.newBlockingStub(channel.channel()).withDeadlineAfter(30, TimeUnit.SECONDS);
      // 20 publishes the server has admitted whose streams a slow kubelet has not finished yet, 5 more behind them
      List<HeldPublish> held = new ArrayList<>();
      for (int i = 0; i < 20; i++) held.add(HeldPublish.open(channel, request(kubelet, "vol-" + i)));
      int[] seen = {-1};
      try {
        E2eSandbox.await("20 calls in flight", CustomerFlow.PATIENCE, () -> (seen[0] = inflight(metricsPort)) == 20);
      } catch (AssertionError e) {
        throw new AssertionError(e.getMessage() + " (last seen " + seen[0] + ")", e);
      }
      List<String> excess = List.of("vol-20", "vol-21", "vol-22", "vol-23", "vol-24");
      for (String volumeId : excess) {
        StatusRuntimeException refused = publishFails(node, request(kubelet, volumeId));
        assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
        assertThat(refused.getStatus().getDescription()).isEqualTo("too many concurrent CSI requests (limit 20)");
        assertThat(target(kubelet, volumeId)).doesNotExist();
      }
      for (HeldPublish publish : held) assertThat(publish.finish()).isEqualTo(Status.Code.OK);
      for (String volumeId : excess) node.nodePublishVolume(request(kubelet, volumeId));
      for (int i = 0; i < 25; i++) {
        assertThat(kernelEntryAt(target(kubelet, "vol-" + i)).lowerDirs()).singleElement()
            .satisfies(lower -> assertThat(lower.getFileName().toString()).isEqualTo(key(sandbox.images().codeModules())));
      }

      // the same volume id while its unpublish is still in the node service: the kubelet's retry is ABORTED until it is done
      NodePublishVolumeRequest same = request(kubelet, "vol-0");
      CompletableFuture<Status.Code> unpublish;
      try (FileChannel busy = FileChannel.open(target(kubelet, "vol-0").resolve("agent/lib64/liboneagentproc.so"),
          StandardOpenOption.READ)) {
        // an open file keeps the overlay busy: umount2 answers EBUSY and the server retries 200 ms apart
        unpublish = CompletableFuture.supplyAsync(() -> code(() -> node.nodeUnpublishVolume(
            NodeUnpublishVolumeRequest.newBuilder().setVolumeId("vol-0").setTargetPath(same.getTargetPath()).build())));
        E2eSandbox.await("the unpublish in flight", CustomerFlow.PATIENCE, () -> inflight(metricsPort) == 1);
        StatusRuntimeException aborted = publishFails(node, same);
        assertThat(aborted.getStatus().getCode()).isEqualTo(Status.Code.ABORTED);
        assertThat(aborted.getStatus().getDescription()).isEqualTo("an operation for volume vol-0 is in progress");
        assertThat(busy.size()).isPositive();
      }
      assertThat(unpublish.get(30, TimeUnit.SECONDS)).isEqualTo(Status.Code.OK);
      node.nodePublishVolume(same);
      assertThat(kernelEntryAt(target(kubelet, "vol-0")).fsType()).isEqualTo("overlay");
      for (int i = 0; i < 25; i++) {
        String volumeId = "vol-" + i;
        node.nodeUnpublishVolume(NodeUnpublishVolumeRequest.newBuilder().setVolumeId(volumeId)
            .setTargetPath(target(kubelet, volumeId).toString()).build());
      }
    }
  }

  /** A NodePublishVolume call the server has admitted (it holds a slot) and runs only once the client half-closes it. */
  private record HeldPublish(ClientCall<NodePublishVolumeRequest, NodePublishVolumeResponse> call,
      CompletableFuture<Status> closed) {
    static HeldPublish open(UnixSocketChannel channel, NodePublishVolumeRequest request) {
      ClientCall<NodePublishVolumeRequest, NodePublishVolumeResponse> call = channel.channel()
          .newCall(NodeGrpc.getNodePublishVolumeMethod(), CallOptions.DEFAULT.withDeadlineAfter(60, TimeUnit.SECONDS));
      CompletableFuture<Status> closed = new CompletableFuture<>();
      call.start(new ClientCall.Listener<>() {
        @Override
        public void onClose(Status status, Metadata trailers) {
          closed.complete(status);
        }
      }, new Metadata());
      call.request(1);
      call.sendMessage(request);
      return new HeldPublish(call, closed);
    }

    Status.Code finish() throws Exception {
      call.halfClose();
      return closed.get(30, TimeUnit.SECONDS).getCode();
    }
  }

  private static NodePublishVolumeRequest request(Path kubelet, String volumeId) {
    return NodePublishVolumeRequest.newBuilder().setVolumeId(volumeId).setTargetPath(target(kubelet, volumeId).toString())
        .setReadonly(true)
        .setVolumeCapability(VolumeCapability.newBuilder().setMount(VolumeCapability.MountVolume.getDefaultInstance()))
        .putVolumeContext(CsiVolumeAttributes.EPHEMERAL, "true")
        .putVolumeContext(CsiVolumeAttributes.POD_NAME, "app-" + volumeId)
        .putVolumeContext(CsiVolumeAttributes.POD_NAMESPACE, APP_NAMESPACE)
        .putVolumeContext(CsiVolumeAttributes.MODE, "app")
        .putVolumeContext(CsiVolumeAttributes.DYNAKUBE, DK)
        .build();
  }

  private static Path target(Path kubelet, String volumeId) {
    return kubelet.resolve("pods/" + volumeId + "-uid/volumes/kubernetes.io~csi/" + ObjectNames.VOLUME_ONEAGENT_BIN + "/mount");
  }

  private static StatusRuntimeException publishFails(NodeGrpc.NodeBlockingStub node, NodePublishVolumeRequest request) {
    try {
      node.nodePublishVolume(request);
    } catch (StatusRuntimeException e) {
      return e;
    }
    throw new AssertionError("NodePublishVolume " + request.getVolumeId() + " succeeded");
  }

  private static Status.Code code(Runnable call) {
    try {
      call.run();
      return Status.Code.OK;
    } catch (StatusRuntimeException e) {
      return e.getStatus().getCode();
    }
  }

  private static final Pattern INFLIGHT = Pattern.compile("(?m)^astromkey_csi_grpc_inflight(?:\\{[^}]*})? ([0-9.]+)$");

  /** The server's own gauge of admitted calls, scraped from its {@code /metrics}. */
  private static int inflight(int metricsPort) {
    try {
      String body = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metricsPort + "/metrics"))
          .build(), HttpResponse.BodyHandlers.ofString()).body();
      Matcher m = INFLIGHT.matcher(body);
      return m.find() ? (int) Double.parseDouble(m.group(1)) : -1;
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  private static MountEntry kernelEntryAt(Path target) throws IOException {
    return new LinuxMounter().mounts().at(target)
        .orElseThrow(() -> new AssertionError("not mounted according to /proc/self/mountinfo: " + target));
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** Operator, webhook and the chart's objects; the CSI parts are started by the scenario. */
  private static E2eSandbox withoutCsi() throws Exception {
    E2eSandbox s = E2eSandbox.create();
    try {
      s.startInfrastructure();
      s.pushImages();
      s.installChart(true);
      s.startOperator();
      s.startWebhook();
      return s;
    } catch (Exception | Error e) {
      s.close();
      throw e;
    }
  }

  /** A spec change the customer makes through the validating webhook. */
  private void moveCodeModules(String version) throws Exception {
    var dks = sandbox.client().resources(DynaKube.class).inNamespace(E2eSandbox.NAMESPACE);
    DynaKube stored = dks.withName(DK).get();
    DynaKube changed = dks.withName(DK).get();
    changed.getSpec().getOneAgent().getCloudNativeFullStack().setCodeModulesImage(codeModulesImage(version));
    AdmissionCaller.Result<DynaKube> update = sandbox.admission().validateDynaKube(changed, stored);
    assertThat(update.allowed()).as(update.message()).isTrue();
    dks.withName(DK).edit(dk -> {
      dk.getSpec().getOneAgent().getCloudNativeFullStack().setCodeModulesImage(
          changed.getSpec().getOneAgent().getCloudNativeFullStack().getCodeModulesImage());
      return dk;
    });
  }

  private String codeModulesImage(String version) {
    return sandbox.registry().reference(E2eSandbox.REPOSITORY_PREFIX + "/astromkey-codemodules", version);
  }

  /** A label change is a new resource version: the provisioner runs a pass for the DynaKube at once. */
  private void touch() {
    sandbox.client().resources(DynaKube.class).inNamespace(E2eSandbox.NAMESPACE).withName(DK).edit(dk -> {
      if (dk.getMetadata().getLabels() == null) dk.getMetadata().setLabels(new HashMap<>());
      dk.getMetadata().getLabels().put("touched", String.valueOf(System.nanoTime()));
      return dk;
    });
  }

  private List<Event> events(String reason) {
    return sandbox.client().v1().events().inNamespace(E2eSandbox.NAMESPACE).list().getItems().stream()
        .filter(e -> reason.equals(e.getReason()) && DK.equals(e.getInvolvedObject().getName())).toList();
  }

  private static void awaitLinked(CsiNode csi, String key) {
    E2eSandbox.await("the provisioner to link " + key, CustomerFlow.PATIENCE, () -> {
      try {
        return csi.cache().latest(DK).map(m -> m.key()).equals(Optional.of(key));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  private static List<String> keys(CsiNode csi) {
    try {
      return csi.cache().keys();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String key(PushedIndex index) {
    return "sha256-" + index.image(PrivateRegistryScenarioIT.nodePlatform()).digest().substring("sha256:".length());
  }

  /** Whether a file of that name below {@code work} is being written (exists with some bytes). */
  private static boolean extracting(Path work, String fileName) {
    try (Stream<Path> files = Files.exists(work) ? Files.walk(work) : Stream.empty()) {
      return files.anyMatch(p -> p.getFileName().toString().equals(fileName) && sizeOf(p) > 0);
    } catch (IOException | UncheckedIOException e) {
      // the walk races the extraction (files renamed away): not there yet
      return false;
    }
  }

  private static long sizeOf(Path p) {
    try {
      return Files.size(p);
    } catch (IOException e) {
      return 0;
    }
  }

  private static List<Path> entries(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) return List.of();
    try (Stream<Path> s = Files.list(dir)) {
      return s.toList();
    }
  }

  private static String diagnostics(CsiNode csi) throws IOException {
    return "mounts " + new LinuxMounter().mounts().entries().stream().filter(e -> e.shownDirs().stream()
        .anyMatch(d -> d.toString().contains("codemodules"))).toList() + ", appmounts " + entries(csi.dataDir().resolve("appmounts"));
  }

  private static String outputOf(LauncherProcess process) {
    try {
      return process.output();
    } catch (IOException e) {
      return "(no output: " + e.getMessage() + ")";
    }
  }
}
