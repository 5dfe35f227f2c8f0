package com.astromkey.csi.node;

import com.astromkey.csi.layout.AppMountMeta;
import com.astromkey.csi.layout.DataLayout;
import com.astromkey.csi.layout.DirectoryTrees;
import com.astromkey.csi.layout.InstalledCodeModule;
import com.astromkey.csi.layout.InstalledCodeModules;
import com.astromkey.csi.layout.Json;
import com.astromkey.csi.mount.Errno;
import com.astromkey.csi.mount.MountEntry;
import com.astromkey.csi.mount.MountException;
import com.astromkey.csi.mount.MountFlag;
import com.astromkey.csi.mount.Mounter;
import io.grpc.Status;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Publishes {@code app} volumes: a read-only overlay of the DynaKube's installed code modules (csi-driver.md §4.1). */
public final class AppVolumePublisher {
  private static final Logger LOG = LoggerFactory.getLogger(AppVolumePublisher.class);
  static final String MOUNT_START = "mount-start";
  static final String SKIPPED = "skipped";
  static final String META = "meta.json";

  /** How a publish ended when it did not throw. */
  public enum Outcome { MOUNTED, ALREADY_PUBLISHED, TIMEOUT_EMPTY }

  private final DataLayout layout;
  private final InstalledCodeModules installed;
  private final Mounter mounter;
  private final PodEvents events;
  private final Clock clock;
  private final String nodeName;
  private final AtomicBoolean fallbackLogged = new AtomicBoolean();

  public AppVolumePublisher(DataLayout layout, InstalledCodeModules installed, Mounter mounter, PodEvents events, Clock clock,
      String nodeName) {
    this.layout = layout;
    this.installed = installed;
    this.mounter = mounter;
    this.events = events;
    this.clock = clock;
    this.nodeName = nodeName;
  }

  public Outcome publish(PublishRequest r) throws IOException {
    Path volDir = layout.appmount(r.volumeId());
    Path target = r.targetPath();
    Optional<MountEntry> existing = mounter.mounts().at(target);
    if (existing.isPresent()) {
      if (isOurs(existing.get(), volDir)) return Outcome.ALREADY_PUBLISHED;
      throw Status.INTERNAL.withDescription("target_path " + target + " is already a mount point of something else").asRuntimeException();
    }
    if (Files.exists(volDir.resolve(SKIPPED)) && Files.isDirectory(target)) return Outcome.ALREADY_PUBLISHED;

    Optional<InstalledCodeModule> latest = installed.latest(r.dynakube());
    if (latest.isEmpty()) return waitOrGiveUp(r, volDir);

    InstalledCodeModule module = latest.get();
    Files.createDirectories(volDir.resolve("var"));
    Files.createDirectories(volDir.resolve("work"));
    Files.createDirectories(target);
    mount(module.dir(), volDir, target, r.readOnly());
    try {
      writeMetaAndLink(r, module, volDir);
      installed.recordPublish(module.key());
    } catch (IOException | RuntimeException e) {
      // a volume whose bookkeeping failed would leak; undo the mount and report the failure to the kubelet
      try {
        mounter.unmount(target, true);
        DirectoryTrees.delete(volDir);
      } catch (IOException cleanup) {
        e.addSuppressed(cleanup);
      }
      throw e;
    }
    return Outcome.MOUNTED;
  }

  private Outcome waitOrGiveUp(PublishRequest r, Path volDir) throws IOException {
    Files.createDirectories(volDir);
    Path start = volDir.resolve(MOUNT_START);
    Instant now = clock.instant();
    Instant first;
    try {
      Files.createFile(start);
      // mtime from our clock, not the file system's, so that tests and AK_DEV_TIME_SCALE see the same time
      Files.setLastModifiedTime(start, FileTime.from(now));
      first = now;
    } catch (FileAlreadyExistsException e) {
      first = Files.getLastModifiedTime(start).toInstant();
    }
    if (Duration.between(first, now).compareTo(r.retryTimeout()) < 0) {
      throw Status.UNAVAILABLE
          .withDescription("code modules for DynaKube " + r.dynakube() + " are not on node " + nodeName + " yet")
          .asRuntimeException();
    }
    Files.createDirectories(r.targetPath());
    if (!Files.exists(volDir.resolve(SKIPPED))) Files.createFile(volDir.resolve(SKIPPED));
    events.codeModulesUnavailable(r.podNamespace(), r.podName(), r.dynakube(), nodeName);
    LOG.warn("Publishing volume {} for pod {}/{} empty: no code modules of DynaKube {} after {}", r.volumeId(), r.podNamespace(),
        r.podName(), r.dynakube(), r.retryTimeout());
    return Outcome.TIMEOUT_EMPTY;
  }

  private void mount(Path lower, Path volDir, Path target, boolean readOnly) throws MountException {
    String data = "lowerdir=" + lower + ",upperdir=" + volDir.resolve("var") + ",workdir=" + volDir.resolve("work");
    Set<MountFlag> flags = readOnly ? EnumSet.of(MountFlag.READ_ONLY) : EnumSet.noneOf(MountFlag.class);
    try {
      mounter.mount("overlay", target, "overlay", flags, data);
    } catch (MountException e) {
      if (e.errno() != Errno.ENODEV && e.errno() != Errno.EINVAL) throw e;
      if (fallbackLogged.compareAndSet(false, true)) {
        LOG.warn("The kernel refuses overlay mounts ({}); app volumes fall back to read-only bind mounts", e.getMessage());
      }
      mounter.mount(lower.toString(), target, null, EnumSet.of(MountFlag.BIND, MountFlag.READ_ONLY), null);
    }
  }

  private static boolean isOurs(MountEntry e, Path volDir) {
    if (e.isOverlay()) return e.upperDir().map(u -> u.startsWith(volDir)).orElse(false);
    return e.shownDirs().stream().anyMatch(p -> p.toString().contains("/" + DataLayout.CODEMODULES + "/"));
  }

  private void writeMetaAndLink(PublishRequest r, InstalledCodeModule module, Path volDir) throws IOException {
    Json.write(volDir.resolve(META), new AppMountMeta(r.dynakube(), r.podNamespace(), r.podName(), module.key(),
        module.dir().toString(), r.targetPath().toString(), clock.instant()));
    Path link = layout.diagnosticLink(r.dynakube(), r.podNamespace(), r.podName());
    Files.createDirectories(link.getParent());
    // a pod re-created under the same name publishes while the old link may still exist: replace it atomically
    Path tmp = link.resolveSibling(link.getFileName() + "." + r.volumeId() + DataLayout.TMP_SUFFIX);
    Files.deleteIfExists(tmp);
    Files.createSymbolicLink(tmp, volDir);
    Files.move(tmp, link, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }
}
