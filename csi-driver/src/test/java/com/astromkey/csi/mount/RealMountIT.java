package com.astromkey.csi.mount;

import static com.astromkey.csi.testing.Fixtures.DIGEST_KEY;
import static com.astromkey.csi.testing.Fixtures.DK;
import static com.astromkey.csi.testing.RealMounts.kernelEntryAt;
import static com.astromkey.csi.testing.RealMounts.kernelHasMountAt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.astromkey.csi.layout.CodeModuleCache;
import com.astromkey.csi.layout.DataLayout;
import com.astromkey.csi.layout.GarbageCollector;
import com.astromkey.csi.layout.GcReport;
import com.astromkey.csi.node.PodEvents;
import com.astromkey.csi.server.CsiServer;
import com.astromkey.csi.server.CsiServerConfig;
import com.astromkey.csi.spec.v1.NodePublishVolumeRequest;
import com.astromkey.csi.spec.v1.NodeUnpublishVolumeRequest;
import com.astromkey.csi.testing.CsiClient;
import com.astromkey.csi.testing.Fixtures;
import com.astromkey.csi.testing.RealMounts;
import com.astromkey.sandbox.time.TestClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real overlay and bind mounts through the whole CSI server with the JNA mounter, checked against the kernel's
 * /proc/self/mountinfo. Needs root and CAP_SYS_ADMIN: skipped without them locally, a failure with CI=true.
 */
@Tag("real-mounts")
class RealMountIT {
  @TempDir Path tmp;
  private Path kubelet;
  private DataLayout layout;
  private CodeModuleCache cache;
  private final TestClock clock = TestClock.atNow();
  private final LinuxMounter mounter = new LinuxMounter();
  private CsiServer server;
  private CsiClient client;

  @BeforeEach
  void start() throws Exception {
    RealMounts.assumeMountCapable(tmp);
    kubelet = tmp.resolve("kubelet");
    layout = new DataLayout(tmp.resolve("data"));
    cache = new CodeModuleCache(layout, clock);
    Path socket = tmp.resolve("csi.sock");
    server = CsiServer.start(new CsiServerConfig(socket, "node-a", kubelet, layout.root(), 20, 0),
        new CsiServer.Parts(mounter, cache, PodEvents.logging(), clock, new SimpleMeterRegistry(), d -> Thread.sleep(d.toMillis())));
    client = new CsiClient(socket);
  }

  @AfterEach
  void stop() throws IOException {
    if (client != null) client.close();
    if (server != null) server.close();
    RealMounts.unmountAllBelow(tmp);
  }

  private void unpublish(String volumeId) {
    client.node().nodeUnpublishVolume(NodeUnpublishVolumeRequest.newBuilder().setVolumeId(volumeId)
        .setTargetPath(Fixtures.target(kubelet, volumeId).toString()).build());
  }

  @Test
  void appVolumeIsAReadOnlyOverlayOfTheInstalledVersionUntilUnpublished() throws Exception {
    Fixtures.installAndLink(cache, DIGEST_KEY, DK);
    NodePublishVolumeRequest r = Fixtures.appRequest(kubelet, "vol-app").build();
    client.node().nodePublishVolume(r);
    client.node().nodePublishVolume(r);

    Path target = Fixtures.target(kubelet, "vol-app");
    MountEntry e = kernelEntryAt(target);
    assertThat(e.fsType()).isEqualTo("overlay");
    assertThat(e.readOnly()).isTrue();
    assertThat(e.lowerDirs()).containsExactly(layout.codemodule(DIGEST_KEY));
    assertThat(e.upperDir()).contains(layout.appmount("vol-app").resolve("var"));
    assertThat(RealMounts.kernelMountsAt(target)).as("the second publish must not stack a second mount").isEqualTo(1);

    assertThat(target.resolve("marker.txt")).hasContent("content of " + DIGEST_KEY);
    assertThat(target.resolve("agent/lib64/liboneagentproc.so")).exists();
    assertThatThrownBy(() -> Files.writeString(target.resolve("new.txt"), "x"))
        .isInstanceOf(FileSystemException.class).hasMessageContaining("Read-only file system");
    assertThatThrownBy(() -> Files.delete(target.resolve("marker.txt"))).isInstanceOf(FileSystemException.class);

    unpublish("vol-app");
    assertThat(kernelHasMountAt(target)).isFalse();
    assertThat(target).doesNotExist();
    assertThat(layout.appmount("vol-app")).doesNotExist();
    assertThat(layout.codemodule(DIGEST_KEY).resolve("marker.txt")).as("the installed version is untouched").exists();
    unpublish("vol-app");
  }

  @Test
  void hostVolumeIsAWritableBindOfTheOsAgentDir() throws Exception {
    client.node().nodePublishVolume(Fixtures.hostRequest(kubelet, "vol-host").build());
    Path target = Fixtures.target(kubelet, "vol-host");
    MountEntry e = kernelEntryAt(target);
    assertThat(e.readOnly()).isFalse();
    assertThat(e.root()).endsWith("/_dynakubes/" + DK + "/osagent");

    Files.writeString(target.resolve("agent.state"), "persisted");
    assertThat(layout.osAgent(DK).resolve("agent.state")).hasContent("persisted");

    unpublish("vol-host");
    assertThat(kernelHasMountAt(target)).isFalse();
    assertThat(layout.osAgent(DK).resolve("agent.state")).as("host storage outlives the pod").hasContent("persisted");
  }

  @Test
  void garbageCollectionKeepsAMountedVersionAndRemovesItOnceUnmounted() throws Exception {
    Fixtures.installAndLink(cache, DIGEST_KEY, DK);
    client.node().nodePublishVolume(Fixtures.appRequest(kubelet, "vol-gc").build());
    clock.advance(Duration.ofHours(2));
    // the DynaKube is gone and its link removed: only the live mount protects the version now
    cache.unlink(DK);
    GarbageCollector gc = new GarbageCollector(cache, mounter, clock);

    GcReport whileMounted = gc.collect(new GarbageCollector.Request(Set.of(), Set.of()));
    assertThat(whileMounted.protectedKeys()).contains(DIGEST_KEY);
    assertThat(whileMounted.removedCount("codemodule")).isZero();
    assertThat(layout.codemodule(DIGEST_KEY).resolve("marker.txt")).exists();
    assertThat(layout.dynakube(DK)).as("a deleted DynaKube's dir stays while a pod uses it").isDirectory();

    unpublish("vol-gc");
    GcReport after = gc.collect(new GarbageCollector.Request(Set.of(), Set.of()));
    assertThat(after.removed().get("codemodule")).containsExactly(DIGEST_KEY);
    assertThat(layout.codemodule(DIGEST_KEY)).doesNotExist();
  }

  @Test
  void afterTheDynaKubeMovesToANewVersionGcRemovesTheOldOneOnlyOnceNoPodMountsIt() throws Exception {
    String oldKey = "sha256-" + "01".repeat(32);
    String newKey = "sha256-" + "02".repeat(32);
    Fixtures.installAndLink(cache, oldKey, DK);
    client.node().nodePublishVolume(Fixtures.appRequest(kubelet, "vol-old").build());
    clock.advance(Duration.ofMinutes(30));
    // the DynaKube moves on: new pods get the new version, the running pod keeps its overlay of the old one
    Fixtures.installAndLink(cache, newKey, DK);
    client.node().nodePublishVolume(Fixtures.appRequest(kubelet, "vol-new").build());
    assertThat(kernelEntryAt(Fixtures.target(kubelet, "vol-old")).lowerDirs()).containsExactly(layout.codemodule(oldKey));
    assertThat(kernelEntryAt(Fixtures.target(kubelet, "vol-new")).lowerDirs()).containsExactly(layout.codemodule(newKey));
    clock.advance(Duration.ofHours(2));
    GarbageCollector gc = new GarbageCollector(cache, mounter, clock);
    GarbageCollector.Request dynakubeExists = new GarbageCollector.Request(Set.of(DK), Set.of());

    GcReport whileMounted = gc.collect(dynakubeExists);
    assertThat(whileMounted.protectedKeys()).contains(oldKey, newKey);
    assertThat(whileMounted.removedCount("codemodule")).isZero();
    assertThat(Fixtures.target(kubelet, "vol-old").resolve("marker.txt")).as("the old pod still reads its version")
        .hasContent("content of " + oldKey);

    unpublish("vol-old");
    GcReport afterUnpublish = gc.collect(dynakubeExists);
    assertThat(afterUnpublish.removed().get("codemodule")).containsExactly(oldKey);
    assertThat(layout.codemodule(oldKey)).doesNotExist();
    assertThat(layout.codemodule(newKey).resolve("marker.txt")).as("the linked and mounted version stays").exists();
    assertThat(Fixtures.target(kubelet, "vol-new").resolve("marker.txt")).hasContent("content of " + newKey);

    unpublish("vol-new");
    GcReport linkedOnly = gc.collect(dynakubeExists);
    assertThat(linkedOnly.removedCount("codemodule")).as("the latest version of an existing DynaKube is never collected").isZero();
    assertThat(cache.keys()).containsExactly(newKey);
  }

  @Test
  void readOnlyBindFallbackIsReallyReadOnly() throws Exception {
    Path src = Files.createDirectories(tmp.resolve("src"));
    Files.writeString(src.resolve("f"), "x");
    Path dst = Files.createDirectories(tmp.resolve("dst with space"));
    mounter.mount(src.toString(), dst, null, EnumSet.of(MountFlag.BIND, MountFlag.READ_ONLY), null);
    MountEntry e = kernelEntryAt(dst);
    assertThat(e.readOnly()).isTrue();
    assertThat(mounter.isMountPoint(dst)).as("octal-escaped mount point is found").isTrue();
    assertThat(dst.resolve("f")).hasContent("x");
    assertThatThrownBy(() -> Files.writeString(dst.resolve("g"), "y")).isInstanceOf(FileSystemException.class);
    mounter.unmount(dst, false);
    assertThat(mounter.isMountPoint(dst)).isFalse();
  }

  @Test
  void unmountOfSomethingNotMountedReportsTheErrno() {
    assertThatThrownBy(() -> mounter.unmount(tmp, false))
        .isInstanceOfSatisfying(MountException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EINVAL))
        .hasMessageContaining("Invalid argument");
  }

  @Test
  void mountTableOfTheKernelParses() throws Exception {
    Set<String> types = mounter.mounts().entries().stream().map(MountEntry::fsType).collect(Collectors.toSet());
    assertThat(types).isNotEmpty();
    assertThat(mounter.isMountPoint(Path.of("/"))).isTrue();
  }
}
