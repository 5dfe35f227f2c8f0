package com.astromkey.csi.server;

import static com.astromkey.domain.names.CsiVolumeAttributes.RETRY_TIMEOUT;
import static com.astromkey.csi.testing.Fixtures.DIGEST_KEY;
import static com.astromkey.csi.testing.Fixtures.DK;
import static org.assertj.core.api.Assertions.assertThat;

import com.astromkey.csi.layout.CodeModuleCache;
import com.astromkey.csi.layout.DataLayout;
import com.astromkey.csi.mount.RecordingMounter;
import com.astromkey.csi.node.PodEvents;
import com.astromkey.csi.spec.v1.GetPluginCapabilitiesRequest;
import com.astromkey.csi.spec.v1.GetPluginInfoRequest;
import com.astromkey.csi.spec.v1.GetPluginInfoResponse;
import com.astromkey.csi.spec.v1.NodeGetCapabilitiesRequest;
import com.astromkey.csi.spec.v1.NodeGetInfoRequest;
import com.astromkey.csi.spec.v1.NodePublishVolumeRequest;
import com.astromkey.csi.spec.v1.NodeStageVolumeRequest;
import com.astromkey.csi.spec.v1.NodeUnpublishVolumeRequest;
import com.astromkey.csi.spec.v1.ProbeRequest;
import com.astromkey.csi.testing.CsiClient;
import com.astromkey.csi.testing.Fixtures;
import com.astromkey.sandbox.time.TestClock;
import com.astromkey.domain.names.ObjectNames;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CSI server on a real Unix socket, called like the kubelet does, with the recording mounter. */
class CsiSocketIT {
  @TempDir Path tmp;
  private Path kubelet;
  private Path socket;
  private DataLayout layout;
  private CodeModuleCache cache;
  private final RecordingMounter mounter = new RecordingMounter();
  private final TestClock clock = TestClock.atNow();
  private CsiServer server;
  private CsiClient client;
  private final ExecutorService pool = Executors.newFixedThreadPool(30);

  @BeforeEach
  void start() throws Exception {
    kubelet = tmp.resolve("kubelet");
    socket = tmp.resolve("csi/csi.sock");
    layout = new DataLayout(tmp.resolve("data"));
    cache = new CodeModuleCache(layout, clock);
    Files.createDirectories(socket.getParent());
    Files.writeString(socket, "stale socket file from a previous run");
    CsiServerConfig config = new CsiServerConfig(socket, "node-a", kubelet, layout.root(), 20, 0);
    server = CsiServer.start(config, new CsiServer.Parts(mounter, cache, PodEvents.logging(), clock, new SimpleMeterRegistry(), d -> {}));
    client = new CsiClient(socket);
  }

  @AfterEach
  void stop() {
    pool.shutdownNow();
    client.close();
    server.close();
  }

  @Test
  void identityAnswersLikeTheSpecSays() throws Exception {
    GetPluginInfoResponse info = client.identity().getPluginInfo(GetPluginInfoRequest.getDefaultInstance());
    assertThat(info.getName()).isEqualTo(ObjectNames.CSI_DRIVER);
    assertThat(info.getVendorVersion()).isNotBlank();
    assertThat(client.identity().getPluginCapabilities(GetPluginCapabilitiesRequest.getDefaultInstance()).getCapabilitiesList()).isEmpty();
    assertThat(client.identity().probe(ProbeRequest.getDefaultInstance()).getReady().getValue()).isTrue();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket))).isEqualTo("rw-rw----");
  }

  @Test
  void anUnpublishRightAfterThePublishAnswerIsNeverAborted() throws Exception {
    Fixtures.installAndLink(cache, Fixtures.DIGEST_KEY, Fixtures.DK);
    // the publish used to answer while still holding the volume lock, so an immediate unpublish raced it into ABORTED
    for (int i = 0; i < 200; i++) {
      String volumeId = "vol-seq-" + i;
      client.node().nodePublishVolume(Fixtures.appRequest(kubelet, volumeId).build());
      client.node().nodeUnpublishVolume(com.astromkey.csi.spec.v1.NodeUnpublishVolumeRequest.newBuilder().setVolumeId(volumeId)
          .setTargetPath(Fixtures.target(kubelet, volumeId).toString()).build());
    }
    assertThat(mounter.calls()).filteredOn(c -> c.op().equals("mount")).hasSize(200);
  }

  @Test
  void nodeInfoCapabilitiesAndUnimplementedMethods() {
    assertThat(client.node().nodeGetInfo(NodeGetInfoRequest.getDefaultInstance()).getNodeId()).isEqualTo("node-a");
    assertThat(client.node().nodeGetCapabilities(NodeGetCapabilitiesRequest.getDefaultInstance()).getCapabilitiesList()).isEmpty();
    assertThat(CsiClient.code(() -> client.node().nodeStageVolume(NodeStageVolumeRequest.getDefaultInstance())))
        .isEqualTo(Status.Code.UNIMPLEMENTED);
    assertThat(client.callRaw("csi.v1.Controller/ControllerGetCapabilities")).isEqualTo(Status.Code.UNIMPLEMENTED);
    assertThat(client.callRaw("csi.v1.Node/NodeGetVolumeStats")).isEqualTo(Status.Code.UNIMPLEMENTED);
  }

  @Test
  void invalidFieldsAreRejectedOverTheWire() {
    StatusRuntimeException e = org.assertj.core.api.Assertions.catchThrowableOfType(StatusRuntimeException.class,
        () -> client.node().nodePublishVolume(Fixtures.appRequest(kubelet, "x").setVolumeId("../x").build()));
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(e.getStatus().getDescription()).contains("volume_id");
  }

  @Test
  void appVolumeLifecycleOverTheSocket() throws Exception {
    NodePublishVolumeRequest r = Fixtures.appRequest(kubelet, "vol-1").putVolumeContext(RETRY_TIMEOUT, "2s").build();
    assertThat(CsiClient.code(() -> client.node().nodePublishVolume(r))).isEqualTo(Status.Code.UNAVAILABLE);

    Fixtures.installAndLink(cache, DIGEST_KEY, DK);
    client.node().nodePublishVolume(r);
    client.node().nodePublishVolume(r);
    assertThat(mounter.count("mount")).isEqualTo(1);
    assertThat(mounter.calls().get(0).data()).startsWith("lowerdir=" + layout.codemodules().resolve(DIGEST_KEY) + ",");

    NodeUnpublishVolumeRequest u = NodeUnpublishVolumeRequest.newBuilder().setVolumeId("vol-1")
        .setTargetPath(Fixtures.target(kubelet, "vol-1").toString()).build();
    client.node().nodeUnpublishVolume(u);
    client.node().nodeUnpublishVolume(u);
    assertThat(layout.appmount("vol-1")).doesNotExist();
    assertThat(mounter.mounts().entries()).isEmpty();
  }

  @Test
  void emptyVolumeAfterRetryTimeout() throws Exception {
    NodePublishVolumeRequest r = Fixtures.appRequest(kubelet, "vol-2").putVolumeContext(RETRY_TIMEOUT, "2s").build();
    assertThat(CsiClient.code(() -> client.node().nodePublishVolume(r))).isEqualTo(Status.Code.UNAVAILABLE);
    clock.advance(Duration.ofSeconds(2));
    client.node().nodePublishVolume(r);
    assertThat(Fixtures.target(kubelet, "vol-2")).isEmptyDirectory();
    assertThat(layout.appmount("vol-2").resolve("skipped")).exists();
  }

  @Test
  void limitsConcurrentCallsAndAbortsASecondCallForOneVolume() throws Exception {
    Fixtures.installAndLink(cache, DIGEST_KEY, DK);
    CountDownLatch inMount = new CountDownLatch(20);
    CountDownLatch release = new CountDownLatch(1);
    mounter.hook(target -> {
      inMount.countDown();
      try {
        release.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    List<Future<Status.Code>> first = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      String vol = "vol-" + i;
      first.add(pool.submit(() -> CsiClient.code(() -> client.node().nodePublishVolume(Fixtures.appRequest(kubelet, vol).build()))));
    }
    assertThat(inMount.await(10, TimeUnit.SECONDS)).isTrue();
    List<Future<Status.Code>> extra = new ArrayList<>();
    for (int i = 20; i < 25; i++) {
      String vol = "vol-" + i;
      extra.add(pool.submit(() -> CsiClient.code(() -> client.node().nodePublishVolume(Fixtures.appRequest(kubelet, vol).build()))));
    }
    for (Future<Status.Code> f : extra) assertThat(f.get(10, TimeUnit.SECONDS)).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    release.countDown();
    for (Future<Status.Code> f : first) assertThat(f.get(10, TimeUnit.SECONDS)).isEqualTo(Status.Code.OK);

    CountDownLatch oneInMount = new CountDownLatch(1);
    CountDownLatch releaseOne = new CountDownLatch(1);
    mounter.hook(target -> {
      oneInMount.countDown();
      try {
        releaseOne.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    NodePublishVolumeRequest same = Fixtures.appRequest(kubelet, "vol-same").build();
    Future<Status.Code> a = pool.submit(() -> CsiClient.code(() -> client.node().nodePublishVolume(same)));
    assertThat(oneInMount.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(CsiClient.code(() -> client.node().nodePublishVolume(same))).isEqualTo(Status.Code.ABORTED);
    releaseOne.countDown();
    assertThat(a.get(10, TimeUnit.SECONDS)).isEqualTo(Status.Code.OK);
  }

  @Test
  void probeFailsWithFailedPreconditionWhenStartupChecksFailed() {
    server.readiness().startupFailed("data dir is missing");
    StatusRuntimeException e = org.assertj.core.api.Assertions.catchThrowableOfType(StatusRuntimeException.class,
        () -> client.identity().probe(ProbeRequest.getDefaultInstance()));
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
    assertThat(e.getStatus().getDescription()).isEqualTo("data dir is missing");
  }

  @Test
  void publishAfterARestartSucceedsWithoutASecondMount() throws Exception {
    Fixtures.installAndLink(cache, DIGEST_KEY, DK);
    NodePublishVolumeRequest r = Fixtures.appRequest(kubelet, "vol-r").build();
    client.node().nodePublishVolume(r);
    client.close();
    server.close();

    server = CsiServer.start(new CsiServerConfig(socket, "node-a", kubelet, layout.root(), 20, 0),
        new CsiServer.Parts(mounter, cache, PodEvents.logging(), clock, new SimpleMeterRegistry(), d -> {}));
    client = new CsiClient(socket);
    client.node().nodePublishVolume(r);
    assertThat(mounter.count("mount")).isEqualTo(1);
  }
}
