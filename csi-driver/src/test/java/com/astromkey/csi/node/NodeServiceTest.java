package com.astromkey.csi.node;

import static com.astromkey.domain.names.CsiVolumeAttributes.RETRY_TIMEOUT;
import static com.astromkey.csi.testing.Fixtures.DIGEST_KEY;
import static com.astromkey.csi.testing.Fixtures.DK;
import static org.assertj.core.api.Assertions.assertThat;

import com.astromkey.csi.layout.AppMountMeta;
import com.astromkey.csi.layout.CodeModuleCache;
import com.astromkey.csi.layout.DataLayout;
import com.astromkey.csi.layout.Json;
import com.astromkey.csi.mount.Errno;
import com.astromkey.csi.mount.MountEntry;
import com.astromkey.csi.mount.MountFlag;
import com.astromkey.csi.mount.RecordingMounter;
import com.astromkey.csi.spec.v1.NodeGetInfoRequest;
import com.astromkey.csi.spec.v1.NodeGetInfoResponse;
import com.astromkey.csi.spec.v1.NodePublishVolumeRequest;
import com.astromkey.csi.spec.v1.NodePublishVolumeResponse;
import com.astromkey.csi.spec.v1.NodeStageVolumeRequest;
import com.astromkey.csi.spec.v1.NodeStageVolumeResponse;
import com.astromkey.csi.spec.v1.NodeUnpublishVolumeRequest;
import com.astromkey.csi.spec.v1.NodeUnpublishVolumeResponse;
import com.astromkey.csi.testing.Captured;
import com.astromkey.csi.testing.Fixtures;
import com.astromkey.sandbox.time.TestClock;
import io.grpc.Status;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Node publish/unpublish flows (§4) with the recording mounter and a test clock. */
class NodeServiceTest {
  @TempDir Path tmp;
  private Path kubelet;
  private DataLayout layout;
  private CodeModuleCache cache;
  private final RecordingMounter mounter = new RecordingMounter();
  private final TestClock clock = TestClock.atNow();
  private final List<String> events = new ArrayList<>();
  private final List<Duration> sleeps = new ArrayList<>();
  private NodeMetrics metrics;
  private NodeService node;

  @BeforeEach
  void setUp() throws Exception {
    kubelet = tmp.resolve("kubelet");
    layout = new DataLayout(tmp.resolve("data"));
    layout.ensure();
    cache = new CodeModuleCache(layout, clock);
    metrics = new NodeMetrics(new SimpleMeterRegistry());
    PodEvents recorder = (ns, pod, dk, nodeName) -> events.add(ns + "/" + pod + " " + dk + " " + nodeName);
    node = new NodeService("node-a", new RequestValidator(kubelet), new VolumeLocks(),
        new AppVolumePublisher(layout, cache, mounter, recorder, clock, "node-a"),
        new HostVolumePublisher(layout, mounter), new VolumeUnpublisher(layout, mounter, sleeps::add), metrics);
  }

  private Captured<NodePublishVolumeResponse> publish(NodePublishVolumeRequest r) {
    Captured<NodePublishVolumeResponse> c = new Captured<>();
    node.nodePublishVolume(r, c);
    return c;
  }

  private Captured<NodeUnpublishVolumeResponse> unpublish(String volumeId) {
    Captured<NodeUnpublishVolumeResponse> c = new Captured<>();
    node.nodeUnpublishVolume(NodeUnpublishVolumeRequest.newBuilder().setVolumeId(volumeId)
        .setTargetPath(Fixtures.target(kubelet, volumeId).toString()).build(), c);
    return c;
  }

  @Test
  void nodeInfoAndUnimplementedStage() {
    Captured<NodeGetInfoResponse> info = new Captured<>();
    node.nodeGetInfo(NodeGetInfoRequest.getDefaultInstance(), info);
    assertThat(info.value().getNodeId()).isEqualTo("node-a");
    assertThat(info.value().getMaxVolumesPerNode()).isZero();
    Captured<NodeStageVolumeResponse> stage = new Captured<>();
    node.nodeStageVolume(NodeStageVolumeRequest.getDefaultInstance(), stage);
    assertThat(stage.code()).isEqualTo(Status.Code.UNIMPLEMENTED);
  }

  @Test
  void appVolumeWaitsUntilInstalledThenMountsReadOnlyOverlayOnce() throws Exception {
    NodePublishVolumeRequest r = Fixtures.appRequest(kubelet, "vol-1").build();
    Captured<NodePublishVolumeResponse> before = publish(r);
    assertThat(before.code()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(before.status().getDescription()).isEqualTo("code modules for DynaKube dynakube are not on node node-a yet");
    assertThat(layout.appmount("vol-1").resolve("mount-start")).exists();

    Fixtures.installAndLink(cache, DIGEST_KEY, DK);
    assertThat(publish(r).code()).isEqualTo(Status.Code.OK);
    RecordingMounter.Call call = mounter.calls().get(0);
    assertThat(call.fsType()).isEqualTo("overlay");
    assertThat(call.flags()).containsExactly(MountFlag.READ_ONLY);
    assertThat(call.data()).isEqualTo("lowerdir=" + layout.codemodule(DIGEST_KEY) + ",upperdir=" + layout.appmount("vol-1").resolve("var")
        + ",workdir=" + layout.appmount("vol-1").resolve("work"));
    Path target = Fixtures.target(kubelet, "vol-1");
    assertThat(target.resolve("marker.txt")).hasContent("content of " + DIGEST_KEY);

    AppMountMeta meta = Json.read(layout.appmount("vol-1").resolve("meta.json"), AppMountMeta.class);
    assertThat(meta.key()).isEqualTo(DIGEST_KEY);
    assertThat(meta.targetPath()).isEqualTo(target.toString());
    assertThat(meta.podNamespace()).isEqualTo("shop");
    assertThat(Files.readSymbolicLink(layout.diagnosticLink(DK, "shop", "app-7d9f"))).isEqualTo(layout.appmount("vol-1"));

    assertThat(publish(r).code()).isEqualTo(Status.Code.OK);
    assertThat(mounter.count("mount")).isEqualTo(1);
    assertThat(metrics.publishCount(VolumeMode.APP, NodeMetrics.Result.OK)).isEqualTo(2);
    assertThat(metrics.publishCount(VolumeMode.APP, NodeMetrics.Result.UNAVAILABLE)).isEqualTo(1);
  }

  @Test
  void appVolumeGivesUpAfterRetryTimeoutWithAnEmptyTarget() throws Exception {
    NodePublishVolumeRequest r = Fixtures.appRequest(kubelet, "vol-2").putVolumeContext(RETRY_TIMEOUT, "2s").build();
    assertThat(publish(r).code()).isEqualTo(Status.Code.UNAVAILABLE);
    clock.advance(Duration.ofMillis(1999));
    assertThat(publish(r).code()).isEqualTo(Status.Code.UNAVAILABLE);
    clock.advance(Duration.ofMillis(1));
    assertThat(publish(r).code()).isEqualTo(Status.Code.OK);
    Path target = Fixtures.target(kubelet, "vol-2");
    assertThat(target).isEmptyDirectory();
    assertThat(layout.appmount("vol-2").resolve("skipped")).exists();
    assertThat(mounter.calls()).isEmpty();
    assertThat(events).containsExactly("shop/app-7d9f dynakube node-a");
    assertThat(metrics.publishCount(VolumeMode.APP, NodeMetrics.Result.TIMEOUT_EMPTY)).isEqualTo(1);

    Fixtures.installAndLink(cache, DIGEST_KEY, DK);
    assertThat(publish(r).code()).as("a skipped pod keeps running unmonitored").isEqualTo(Status.Code.OK);
    assertThat(mounter.calls()).isEmpty();
  }

  @Test
  void fallsBackToReadOnlyBindWhenTheKernelRefusesOverlay() throws Exception {
    Fixtures.installAndLink(cache, DIGEST_KEY, DK);
    mounter.failMounts(Errno.ENODEV);
    assertThat(publish(Fixtures.appRequest(kubelet, "vol-3").build()).code()).isEqualTo(Status.Code.OK);
    RecordingMounter.Call bind = mounter.calls().get(1);
    assertThat(bind.flags()).containsExactlyInAnyOrder(MountFlag.BIND, MountFlag.READ_ONLY);
    assertThat(bind.source()).isEqualTo(layout.codemodule(DIGEST_KEY).toString());
    assertThat(publish(Fixtures.appRequest(kubelet, "vol-3").build()).code()).as("fallback bind counts as ours").isEqualTo(Status.Code.OK);
    assertThat(mounter.count("mount")).isEqualTo(2);
  }

  @Test
  void otherMountErrorsAreInternalWithTheErrnoText() throws Exception {
    Fixtures.installAndLink(cache, DIGEST_KEY, DK);
    mounter.failMounts(Errno.EPERM);
    Captured<NodePublishVolumeResponse> c = publish(Fixtures.appRequest(kubelet, "vol-4").build());
    assertThat(c.code()).isEqualTo(Status.Code.INTERNAL);
    assertThat(c.status().getDescription()).contains("errno 1");
    assertThat(metrics.publishCount(VolumeMode.APP, NodeMetrics.Result.ERROR)).isEqualTo(1);
  }

  @Test
  void unpublishIsCompleteAndIdempotent() throws Exception {
    Fixtures.installAndLink(cache, DIGEST_KEY, DK);
    assertThat(publish(Fixtures.appRequest(kubelet, "vol-5").build()).code()).isEqualTo(Status.Code.OK);
    Path target = Fixtures.target(kubelet, "vol-5");

    assertThat(unpublish("vol-5").code()).isEqualTo(Status.Code.OK);
    assertThat(mounter.mounts().isMountPoint(target)).isFalse();
    assertThat(target).doesNotExist();
    assertThat(layout.appmount("vol-5")).doesNotExist();
    assertThat(layout.diagnosticLink(DK, "shop", "app-7d9f")).doesNotExist();

    assertThat(unpublish("vol-5").code()).isEqualTo(Status.Code.OK);
    assertThat(unpublish("never-published").code()).isEqualTo(Status.Code.OK);
    assertThat(mounter.count("unmount")).isEqualTo(1);
  }

  @Test
  void busyTargetIsRetriedThreeTimesThenDetached() throws Exception {
    Fixtures.installAndLink(cache, DIGEST_KEY, DK);
    publish(Fixtures.appRequest(kubelet, "vol-6").build());
    mounter.failUnmounts(Errno.EBUSY, Errno.EBUSY, Errno.EBUSY, Errno.EBUSY);
    assertThat(unpublish("vol-6").code()).isEqualTo(Status.Code.OK);
    assertThat(mounter.count("unmount")).isEqualTo(4);
    assertThat(mounter.count("unmount-detach")).isEqualTo(1);
    assertThat(sleeps).containsExactly(Duration.ofMillis(200), Duration.ofMillis(200), Duration.ofMillis(200));
    assertThat(layout.appmount("vol-6")).doesNotExist();
  }

  @Test
  void failedUnmountIsInternalAndKeepsTheBookkeeping() throws Exception {
    Fixtures.installAndLink(cache, DIGEST_KEY, DK);
    publish(Fixtures.appRequest(kubelet, "vol-7").build());
    mounter.failUnmounts(Errno.EINVAL);
    assertThat(unpublish("vol-7").code()).isEqualTo(Status.Code.INTERNAL);
    assertThat(layout.appmount("vol-7").resolve("meta.json")).exists();
  }

  @Test
  void hostVolumeIsAReadWriteBindOfTheOsAgentDir() throws Exception {
    NodePublishVolumeRequest r = Fixtures.hostRequest(kubelet, "vol-h").build();
    assertThat(publish(r).code()).isEqualTo(Status.Code.OK);
    assertThat(publish(r).code()).isEqualTo(Status.Code.OK);
    assertThat(mounter.count("mount")).isEqualTo(1);
    RecordingMounter.Call call = mounter.calls().get(0);
    assertThat(call.flags()).isEqualTo(Set.of(MountFlag.BIND));
    assertThat(call.source()).isEqualTo(layout.osAgent(DK).toString());
    assertThat(layout.osAgent(DK)).isDirectory();
    assertThat(unpublish("vol-h").code()).isEqualTo(Status.Code.OK);
    assertThat(mounter.mounts().entries()).isEmpty();
  }

  @Test
  void aForeignMountAtTheTargetIsNotTakenOver() throws Exception {
    Path target = Fixtures.target(kubelet, "vol-8");
    RecordingMounter withForeign = new RecordingMounter(List.of(
        new MountEntry(1, 0, "0:1", "/", target, "rw", "tmpfs", "tmpfs", "rw")));
    NodeService other = new NodeService("node-a", new RequestValidator(kubelet), new VolumeLocks(),
        new AppVolumePublisher(layout, cache, withForeign, PodEvents.logging(), clock, "node-a"),
        new HostVolumePublisher(layout, withForeign), new VolumeUnpublisher(layout, withForeign, d -> {}), metrics);
    Captured<NodePublishVolumeResponse> c = new Captured<>();
    other.nodePublishVolume(Fixtures.appRequest(kubelet, "vol-8").build(), c);
    assertThat(c.code()).isEqualTo(Status.Code.INTERNAL);
  }

  @Test
  void failureAfterMountingUnmountsAndCleansUp() throws Exception {
    Fixtures.installAndLink(cache, DIGEST_KEY, DK);
    // a file where the diagnostic link's directory belongs makes the bookkeeping fail after the mount
    Files.createDirectories(layout.dynakube(DK).resolve("appmounts"));
    Files.writeString(layout.dynakube(DK).resolve("appmounts/shop"), "in the way");
    Captured<NodePublishVolumeResponse> c = publish(Fixtures.appRequest(kubelet, "vol-9").build());
    assertThat(c.code()).isEqualTo(Status.Code.INTERNAL);
    assertThat(mounter.mounts().entries()).isEmpty();
    assertThat(mounter.count("unmount-detach")).isEqualTo(1);
    assertThat(layout.appmount("vol-9")).doesNotExist();
  }
}
