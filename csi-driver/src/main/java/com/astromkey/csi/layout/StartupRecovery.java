package com.astromkey.csi.layout;

import com.astromkey.csi.mount.MountTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Crash recovery of the data dir at start-up (csi-driver.md §8): whatever an interrupted install or relink left. */
public final class StartupRecovery {
  private static final Logger LOG = LoggerFactory.getLogger(StartupRecovery.class);
  /** A node-image-pull Job may still be writing its output; younger job dirs survive a restart. */
  static final Duration JOB_DIR_GRACE = Duration.ofMinutes(10);

  private final DataLayout layout;
  private final Clock clock;

  public StartupRecovery(DataLayout layout, Clock clock) {
    this.layout = layout;
    this.clock = clock;
  }

  /** Runs every step and returns what was removed, as data-dir-relative paths. */
  public List<String> run(MountTable mounts) throws IOException {
    layout.ensure();
    List<String> removed = new ArrayList<>();
    try (Stream<Path> s = Files.list(layout.work())) {
      for (Path p : (Iterable<Path>) s::iterator) {
        if (isRecentJobDir(p)) continue;
        delete(p, mounts, removed);
      }
    }
    try (Stream<Path> s = Files.list(layout.codemodules())) {
      for (Path p : (Iterable<Path>) s::iterator) {
        if (!Files.isRegularFile(p.resolve(DataLayout.META_FILE))) delete(p, mounts, removed);
      }
    }
    try (Stream<Path> s = Files.list(layout.dynakubes())) {
      for (Path dk : (Iterable<Path>) s::iterator) {
        if (!Files.isDirectory(dk, LinkOption.NOFOLLOW_LINKS)) continue;
        try (Stream<Path> entries = Files.list(dk)) {
          for (Path p : (Iterable<Path>) entries::iterator) {
            String name = p.getFileName().toString();
            boolean danglingLink = Files.isSymbolicLink(p) && !Files.exists(p);
            if (danglingLink && (name.endsWith(DataLayout.TMP_SUFFIX) || name.equals(DataLayout.LATEST_LINK))) {
              delete(p, mounts, removed);
            }
          }
        }
      }
    }
    if (!removed.isEmpty()) LOG.info("Start-up recovery removed {}", removed);
    return removed;
  }

  private boolean isRecentJobDir(Path p) throws IOException {
    if (!p.getFileName().toString().startsWith(DataLayout.JOB_DIR_PREFIX) || !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
      return false;
    }
    return Files.getLastModifiedTime(p).toInstant().isAfter(clock.instant().minus(JOB_DIR_GRACE));
  }

  private void delete(Path p, MountTable mounts, List<String> removed) throws IOException {
    if (DirectoryTrees.deleteUnlessMounted(p, mounts)) {
      removed.add(layout.root().relativize(p).toString());
    } else {
      LOG.warn("Not removing {}: something is mounted at or below it", p);
    }
  }
}
