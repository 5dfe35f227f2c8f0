package com.astromkey.csi.layout;

import com.astromkey.csi.mount.MountEntry;
import com.astromkey.csi.mount.MountTable;
import com.astromkey.csi.mount.Mounter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Garbage collection of the data dir (csi-driver.md §7): unprotected versions, data of deleted DynaKubes, stale
 * app-mount dirs and work dirs, unknown entries; plus LRU eviction under the disk budget. Never removes anything a
 * live mount uses: the mount table is read on every pass.
 */
public final class GarbageCollector {
  private static final Logger LOG = LoggerFactory.getLogger(GarbageCollector.class);
  /** A fresh install may not be linked yet; give the provisioner time to relink it. */
  static final Duration MIN_VERSION_AGE = Duration.ofMinutes(10);
  static final Duration STALE_AGE = Duration.ofHours(1);

  /** What the cluster says exists; everything else on disk may go. */
  public record Request(Set<String> existingDynaKubes, Set<String> existingJobs) {}

  private final DataLayout layout;
  private final CodeModuleCache cache;
  private final Mounter mounter;
  private final Clock clock;

  public GarbageCollector(CodeModuleCache cache, Mounter mounter, Clock clock) {
    this.layout = cache.layout();
    this.cache = cache;
    this.mounter = mounter;
    this.clock = clock;
  }

  /** One full pass over the table of §7. */
  public GcReport collect(Request request) throws IOException {
    MountTable mounts = mounter.mounts();
    List<AppMount> appMounts = appMounts(mounts);
    Set<String> protectedKeys = protectedKeys(request, mounts, appMounts);
    Map<String, List<String>> removed = new LinkedHashMap<>();
    for (String key : cache.keys()) {
      if (!protectedKeys.contains(key)) remove("codemodule", key, layout.codemodule(key), mounts, removed);
    }
    removeDynaKubes(request, mounts, appMounts, removed);
    for (AppMount a : appMounts) {
      if (!a.inUse() && olderThan(a.dir(), STALE_AGE)) remove("appmount", a.dir().getFileName().toString(), a.dir(), mounts, removed);
    }
    removeWork(request, mounts, removed);
    removeUnknown(mounts, removed);
    return new GcReport(removed, protectedKeys, DirectoryTrees.size(layout.codemodules()), false);
  }

  /** After an install: evict unprotected versions least recently used first until the cache fits {@code budgetBytes}. */
  public GcReport enforceBudget(Request request, long budgetBytes) throws IOException {
    MountTable mounts = mounter.mounts();
    Set<String> protectedKeys = protectedKeys(request, mounts, appMounts(mounts));
    long size = DirectoryTrees.size(layout.codemodules());
    Map<String, List<String>> removed = new LinkedHashMap<>();
    if (budgetBytes <= 0 || size <= budgetBytes) return new GcReport(removed, protectedKeys, size, false);
    List<String> candidates = new ArrayList<>(cache.keys());
    candidates.removeAll(protectedKeys);
    candidates.sort(Comparator.comparing(cache::lastUsed));
    for (String key : candidates) {
      if (size <= budgetBytes) break;
      long entry = DirectoryTrees.size(layout.codemodule(key));
      if (remove("codemodule", key, layout.codemodule(key), mounts, removed)) size -= entry;
    }
    return new GcReport(removed, protectedKeys, size, size > budgetBytes);
  }

  /** Before an install of about {@code bytes}: needs twice that free, collecting first if short (§7). */
  public void ensureRoomFor(long bytes, Request request) throws IOException {
    if (cache.usableBytes() >= 2 * bytes) return;
    collect(request);
    long usable = cache.usableBytes();
    if (usable < 2 * bytes) {
      throw new InsufficientDiskSpaceException("need " + 2 * bytes + " bytes free on the data dir, have " + usable);
    }
  }

  /** Keys GC must keep: linked by an existing DynaKube, shown by a live mount, used by a mounted volume, or fresh. */
  public Set<String> protectedKeys(Request request) throws IOException {
    MountTable mounts = mounter.mounts();
    return protectedKeys(request, mounts, appMounts(mounts));
  }

  private Set<String> protectedKeys(Request request, MountTable mounts, List<AppMount> appMounts) throws IOException {
    Set<String> keys = new HashSet<>();
    for (String dk : request.existingDynaKubes()) cache.latest(dk).ifPresent(m -> keys.add(m.key()));
    for (MountEntry e : mounts.entries()) {
      for (Path shown : e.shownDirs()) keyShownBy(shown).ifPresent(keys::add);
    }
    for (AppMount a : appMounts) {
      if (a.inUse() && a.meta() != null && a.meta().key() != null) keys.add(a.meta().key());
    }
    Instant youngest = clock.instant().minus(MIN_VERSION_AGE);
    for (String key : cache.keys()) {
      Instant installed = cache.meta(key).map(CodeModuleMeta::installedAt)
          .orElseGet(() -> mtime(layout.codemodule(key)));
      if (installed.isAfter(youngest)) keys.add(key);
    }
    return keys;
  }

  /**
   * The cache key a mounted directory belongs to. Bind roots are relative to their file system, which on a node is
   * the host's and not ours, so the path is matched by its {@code codemodules/<key>} elements, not by prefix.
   */
  static Optional<String> keyShownBy(Path dir) {
    for (int i = 0; i + 1 < dir.getNameCount(); i++) {
      if (dir.getName(i).toString().equals(DataLayout.CODEMODULES)) {
        String key = dir.getName(i + 1).toString();
        if (DataLayout.isValidKey(key)) return Optional.of(key);
      }
    }
    return Optional.empty();
  }

  private void removeDynaKubes(Request request, MountTable mounts, List<AppMount> appMounts, Map<String, List<String>> removed)
      throws IOException {
    if (!Files.isDirectory(layout.dynakubes())) return;
    try (Stream<Path> s = Files.list(layout.dynakubes())) {
      for (Path dir : (Iterable<Path>) s::iterator) {
        String dk = dir.getFileName().toString();
        if (request.existingDynaKubes().contains(dk)) continue;
        boolean hostMounted = mounts.entries().stream().flatMap(e -> e.shownDirs().stream()).anyMatch(p -> showsDynaKube(p, dk));
        boolean appMounted = appMounts.stream().anyMatch(a -> a.inUse() && a.meta() != null && dk.equals(a.meta().dynakube()));
        if (!hostMounted && !appMounted) remove("dynakube", dk, dir, mounts, removed);
      }
    }
  }

  private static boolean showsDynaKube(Path shown, String dk) {
    for (int i = 0; i + 1 < shown.getNameCount(); i++) {
      if (shown.getName(i).toString().equals(DataLayout.DYNAKUBES) && shown.getName(i + 1).toString().equals(dk)) return true;
    }
    return false;
  }

  private void removeWork(Request request, MountTable mounts, Map<String, List<String>> removed) throws IOException {
    if (!Files.isDirectory(layout.work())) return;
    Set<Path> inUse = cache.workDirsInUse();
    try (Stream<Path> s = Files.list(layout.work())) {
      for (Path p : (Iterable<Path>) s::iterator) {
        String name = p.getFileName().toString();
        if (inUse.contains(p) || request.existingJobs().contains(name) || !olderThan(p, STALE_AGE)) continue;
        remove("work", name, p, mounts, removed);
      }
    }
  }

  private void removeUnknown(MountTable mounts, Map<String, List<String>> removed) throws IOException {
    try (Stream<Path> s = Files.list(layout.root())) {
      for (Path p : (Iterable<Path>) s::iterator) {
        String name = p.getFileName().toString();
        if (DataLayout.TOP_LEVEL.contains(name)) continue;
        LOG.info("Removing {} from the CSI data dir: not part of the layout", name);
        remove("unknown", name, p, mounts, removed);
      }
    }
  }

  private boolean remove(String kind, String name, Path path, MountTable mounts, Map<String, List<String>> removed) throws IOException {
    if (!DirectoryTrees.deleteUnlessMounted(path, mounts)) {
      LOG.warn("Not removing {} {}: something is mounted at or below it", kind, path);
      return false;
    }
    LOG.debug("GC removed {} {}", kind, name);
    removed.computeIfAbsent(kind, k -> new ArrayList<>()).add(name);
    return true;
  }

  /** An {@code appmounts/<volID>} dir with its metadata and whether its volume is still mounted. */
  private record AppMount(Path dir, AppMountMeta meta, boolean inUse) {}

  private List<AppMount> appMounts(MountTable mounts) throws IOException {
    List<AppMount> result = new ArrayList<>();
    if (!Files.isDirectory(layout.appmounts())) return result;
    try (Stream<Path> s = Files.list(layout.appmounts())) {
      for (Path dir : (Iterable<Path>) s::iterator) {
        AppMountMeta meta = null;
        Path metaFile = dir.resolve("meta.json");
        if (Files.isRegularFile(metaFile)) {
          try {
            meta = Json.read(metaFile, AppMountMeta.class);
          } catch (IOException e) {
            LOG.warn("Unreadable {}: {}", metaFile, e.getMessage());
          }
        }
        boolean targetMounted = meta != null && meta.targetPath() != null && mounts.isMountPoint(Path.of(meta.targetPath()));
        boolean usedAsUpper = mounts.entries().stream()
            .anyMatch(e -> e.upperDir().map(u -> u.startsWith(dir)).orElse(false));
        result.add(new AppMount(dir, meta, targetMounted || usedAsUpper));
      }
    }
    return result;
  }

  private boolean olderThan(Path p, Duration age) {
    return mtime(p).isBefore(clock.instant().minus(age));
  }

  private static Instant mtime(Path p) {
    try {
      return Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS).toInstant();
    } catch (IOException e) {
      return Instant.EPOCH;
    }
  }
}
