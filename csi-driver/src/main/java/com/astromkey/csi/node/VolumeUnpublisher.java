package com.astromkey.csi.node;

import com.astromkey.csi.layout.AppMountMeta;
import com.astromkey.csi.layout.DataLayout;
import com.astromkey.csi.layout.DirectoryTrees;
import com.astromkey.csi.layout.Json;
import com.astromkey.csi.mount.Errno;
import com.astromkey.csi.mount.MountException;
import com.astromkey.csi.mount.Mounter;
import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** NodeUnpublishVolume for both modes: unmount, remove the empty target and the volume's bookkeeping (§4.3). */
public final class VolumeUnpublisher {
  private static final Logger LOG = LoggerFactory.getLogger(VolumeUnpublisher.class);
  static final int BUSY_RETRIES = 3;
  static final Duration BUSY_PAUSE = Duration.ofMillis(200);

  /** Pause between EBUSY retries; tests pass a no-op. */
  public interface Sleeper {
    void sleep(Duration d) throws InterruptedException;
  }

  private final DataLayout layout;
  private final Mounter mounter;
  private final Sleeper sleeper;

  public VolumeUnpublisher(DataLayout layout, Mounter mounter, Sleeper sleeper) {
    this.layout = layout;
    this.mounter = mounter;
    this.sleeper = sleeper;
  }

  public void unpublish(String volumeId, Path target) throws IOException {
    if (mounter.isMountPoint(target)) unmount(target);
    try {
      Files.deleteIfExists(target);
    } catch (DirectoryNotEmptyException e) {
      // a non-empty unmounted target holds somebody else's data; the kubelet removes the pod directory later
      LOG.debug("Leaving non-empty target {}", target);
    }
    Path volDir = layout.appmount(volumeId);
    Path meta = volDir.resolve(AppVolumePublisher.META);
    if (Files.isRegularFile(meta)) {
      try {
        AppMountMeta m = Json.read(meta, AppMountMeta.class);
        Path link = layout.diagnosticLink(m.dynakube(), m.podNamespace(), m.podName());
        if (Files.isSymbolicLink(link) && Files.readSymbolicLink(link).equals(volDir)) Files.delete(link);
      } catch (IOException | IllegalArgumentException e) {
        LOG.warn("Could not remove the diagnostic link of volume {}: {}", volumeId, e.getMessage());
      }
    }
    if (!DirectoryTrees.deleteUnlessMounted(volDir, mounter.mounts())) {
      LOG.warn("Keeping {}: something is still mounted below it", volDir);
    }
  }

  private void unmount(Path target) throws MountException {
    for (int attempt = 0; ; attempt++) {
      try {
        mounter.unmount(target, false);
        return;
      } catch (MountException e) {
        if (e.errno() != Errno.EBUSY) throw e;
        if (attempt >= BUSY_RETRIES) {
          LOG.info("Target {} still busy after {} retries; detaching it", target, BUSY_RETRIES);
          mounter.unmount(target, true);
          return;
        }
      }
      try {
        sleeper.sleep(BUSY_PAUSE);
      } catch (InterruptedException ie) {
        Thread.currentThread().interrupt();
        throw new MountException("unmount at " + target + ": interrupted", Errno.EBUSY);
      }
    }
  }
}
