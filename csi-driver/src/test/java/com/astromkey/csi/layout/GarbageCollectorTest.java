package com.astromkey.csi.layout;

import static org.assertj.core.api.Assertions.assertThat;

import com.astromkey.csi.mount.MountEntry;
import com.astromkey.csi.mount.RecordingMounter;
import com.astromkey.csi.testing.Fixtures;
import com.astromkey.sandbox.time.TestClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GC protection rules and removals of §7, LRU eviction under the budget. */
class GarbageCollectorTest {
  private static final String LINKED = "sha256-" + "11".repeat(32);
  private static final String OVERLAY_LOWER = "sha256-" + "22".repeat(32);
  private static final String META_MOUNTED = "sha256-" + "33".repeat(32);
  private static final String UNUSED = "1.2.3";
  private static final String FRESH = "ref-0123456789abcdef";

  @TempDir Path tmp;
  private DataLayout layout;
  private CodeModuleCache cache;
  private final TestClock clock = TestClock.atNow();
  private final List<MountEntry> mounts = new ArrayList<>();

  @BeforeEach
  void setUp() throws IOException {
    layout = new DataLayout(tmp.resolve("data"));
    layout.ensure();
    cache = new CodeModuleCache(layout, clock);
  }

  private GarbageCollector gc() {
    return new GarbageCollector(cache, new RecordingMounter(mounts), clock);
  }

  private static MountEntry overlay(Path target, Path lower, Path upper) {
    return new MountEntry(50, 1, "0:50", "/", target, "ro,relatime", "overlay", "overlay",
        "ro,lowerdir=" + lower + ",upperdir=" + upper + ",workdir=" + upper.resolveSibling("work"));
  }

  private static MountEntry bind(Path target, String rootInFs) {
    return new MountEntry(51, 1, "254:0", rootInFs, target, "rw,relatime", "ext4", "/dev/vda", "rw");
  }

  private static MountEntry tmpfs(Path target) {
    return new MountEntry(52, 1, "0:52", "/", target, "rw", "tmpfs", "tmpfs", "rw");
  }

  private void age(Path p, Duration d) throws IOException {
    Files.setLastModifiedTime(p, FileTime.from(clock.instant().minus(d)));
  }

  private void appMountWithMeta(String volumeId, String dk, String key, Path target) throws IOException {
    Files.createDirectories(layout.appmount(volumeId).resolve("var"));
    Json.write(layout.appmount(volumeId).resolve("meta.json"),
        new AppMountMeta(dk, "ns", "pod-" + volumeId, key, layout.codemodule(key).toString(), target.toString(), clock.instant()));
  }

  @Test
  void removesOnlyUnprotectedVersionsAndNeverAMountedOne() throws Exception {
    for (String key : List.of(LINKED, OVERLAY_LOWER, META_MOUNTED, UNUSED)) Fixtures.install(cache, key, key);
    cache.relink("dk1", LINKED);
    clock.advance(Duration.ofMinutes(11));
    Fixtures.install(cache, FRESH, "fresh");

    Path overlayTarget = tmp.resolve("kubelet/pods/a/mount");
    mounts.add(overlay(overlayTarget, layout.codemodule(OVERLAY_LOWER), layout.appmount("vol-a").resolve("var")));
    Path metaTarget = tmp.resolve("kubelet/pods/c/mount");
    mounts.add(tmpfs(metaTarget));
    appMountWithMeta("vol-c", "dk1", META_MOUNTED, metaTarget);

    GcReport report = gc().collect(new GarbageCollector.Request(Set.of("dk1"), Set.of()));

    assertThat(report.removed().get("codemodule")).containsExactly(UNUSED);
    assertThat(report.protectedKeys()).containsExactlyInAnyOrder(LINKED, OVERLAY_LOWER, META_MOUNTED, FRESH);
    assertThat(cache.keys()).containsExactlyInAnyOrder(LINKED, OVERLAY_LOWER, META_MOUNTED, FRESH);
  }

  @Test
  void deletedDynaKubeStaysWhileAVolumeUsesIt() throws Exception {
    Fixtures.installAndLink(cache, LINKED, "dk-gone");
    Fixtures.installAndLink(cache, OVERLAY_LOWER, "dk-app");
    Files.createDirectories(layout.osAgent("dk-host"));
    Files.createDirectories(layout.dynakube("dk-live"));
    // a host volume's bind root is a host path: only its _dynakubes/<dk> elements match
    mounts.add(bind(tmp.resolve("kubelet/pods/h/mount"), "/var/lib/kubelet/plugins/csi.oneagent.astromkey.com/data/_dynakubes/dk-host/osagent"));
    Path appTarget = tmp.resolve("kubelet/pods/p/mount");
    mounts.add(tmpfs(appTarget));
    appMountWithMeta("vol-p", "dk-app", OVERLAY_LOWER, appTarget);

    GcReport report = gc().collect(new GarbageCollector.Request(Set.of("dk-live"), Set.of()));

    assertThat(report.removed().get("dynakube")).containsExactly("dk-gone");
    assertThat(layout.dynakube("dk-host")).isDirectory();
    assertThat(layout.dynakube("dk-app")).isDirectory();
    assertThat(layout.dynakube("dk-live")).isDirectory();
  }

  @Test
  void removesStaleAppMountDirsWorkDirsAndUnknownEntries() throws Exception {
    Files.createDirectories(layout.appmount("vol-old"));
    age(layout.appmount("vol-old"), Duration.ofHours(2));
    Files.createDirectories(layout.appmount("vol-new"));
    Path mountedTarget = tmp.resolve("kubelet/pods/m/mount");
    mounts.add(tmpfs(mountedTarget));
    appMountWithMeta("vol-mounted", "dk", LINKED, mountedTarget);
    age(layout.appmount("vol-mounted"), Duration.ofHours(3));

    for (String w : List.of("old-uuid", "codemodule-download-0123456789", "fresh-uuid")) Files.createDirectories(layout.work().resolve(w));
    age(layout.work().resolve("old-uuid"), Duration.ofHours(2));
    age(layout.work().resolve("codemodule-download-0123456789"), Duration.ofHours(2));
    Files.createDirectories(layout.root().resolve("stray"));
    Files.createDirectories(layout.root().resolve("lost+found"));

    GcReport report = gc().collect(new GarbageCollector.Request(Set.of(), Set.of("codemodule-download-0123456789")));

    assertThat(report.removed().get("appmount")).containsExactly("vol-old");
    assertThat(report.removed().get("work")).containsExactly("old-uuid");
    assertThat(report.removed().get("unknown")).containsExactly("stray");
    assertThat(layout.appmount("vol-new")).isDirectory();
    assertThat(layout.appmount("vol-mounted")).isDirectory();
    assertThat(layout.root().resolve("lost+found")).isDirectory();
    assertThat(layout.root().resolve(DataLayout.LAYOUT_VERSION_FILE)).exists();
  }

  @Test
  void neverDeletesThroughAMountPoint() throws Exception {
    Fixtures.install(cache, UNUSED, "x");
    clock.advance(Duration.ofHours(1));
    // something got mounted inside the version's tree: deleting recursively would reach into it
    mounts.add(tmpfs(layout.codemodule(UNUSED).resolve("agent")));
    GcReport report = gc().collect(new GarbageCollector.Request(Set.of(), Set.of()));
    assertThat(report.removedCount("codemodule")).isZero();
    assertThat(layout.codemodule(UNUSED)).isDirectory();
  }

  @Test
  void budgetEvictsLeastRecentlyUsedUnprotectedVersionsFirst() throws Exception {
    Fixtures.install(cache, "1.0.0", "aaaa");
    Fixtures.install(cache, "2.0.0", "bbbb");
    Fixtures.install(cache, "3.0.0", "cccc");
    Fixtures.installAndLink(cache, LINKED, "dk1");
    clock.advance(Duration.ofHours(1));
    cache.recordPublish("1.0.0"); // used recently: 2.0.0 is now the least recently used
    long total = DirectoryTrees.size(layout.codemodules());

    GcReport one = gc().enforceBudget(new GarbageCollector.Request(Set.of("dk1"), Set.of()), total - 1);
    assertThat(one.removed().get("codemodule")).containsExactly("2.0.0");
    assertThat(one.overBudget()).isFalse();

    GcReport all = gc().enforceBudget(new GarbageCollector.Request(Set.of("dk1"), Set.of()), 1);
    assertThat(all.removed().get("codemodule")).containsExactly("3.0.0", "1.0.0");
    assertThat(cache.keys()).containsExactly(LINKED);
    assertThat(all.overBudget()).isTrue();
    assertThat(all.cacheBytes()).isEqualTo(DirectoryTrees.size(layout.codemodules()));
  }

  @Test
  void zeroBudgetMeansUnlimited() throws Exception {
    Fixtures.install(cache, "1.0.0", "aaaa");
    clock.advance(Duration.ofHours(1));
    GcReport r = gc().enforceBudget(new GarbageCollector.Request(Set.of(), Set.of()), 0);
    assertThat(r.removed()).isEmpty();
    assertThat(r.overBudget()).isFalse();
  }

  @Test
  void keyShownByMatchesHostRelativeBindRoots() {
    assertThat(GarbageCollector.keyShownBy(Path.of("/var/lib/kubelet/plugins/x/data/codemodules/1.2.3"))).contains("1.2.3");
    assertThat(GarbageCollector.keyShownBy(Path.of("/data/codemodules/1.2.3/agent"))).contains("1.2.3");
    assertThat(GarbageCollector.keyShownBy(Path.of("/data/_dynakubes/dk/osagent"))).isEmpty();
  }
}
