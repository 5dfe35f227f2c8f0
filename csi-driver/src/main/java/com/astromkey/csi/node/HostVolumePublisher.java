package com.astromkey.csi.node;

import com.astromkey.csi.layout.DataLayout;
import com.astromkey.csi.mount.MountFlag;
import com.astromkey.csi.mount.Mounter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;

/** Publishes {@code host} volumes: the DynaKube's OneAgent storage bind-mounted read-write (csi-driver.md §4.2). */
public final class HostVolumePublisher {
  private final DataLayout layout;
  private final Mounter mounter;

  public HostVolumePublisher(DataLayout layout, Mounter mounter) {
    this.layout = layout;
    this.mounter = mounter;
  }

  /** @return false when the target was already mounted */
  public boolean publish(PublishRequest r) throws IOException {
    Path source = layout.osAgent(r.dynakube());
    Files.createDirectories(source);
    if (mounter.isMountPoint(r.targetPath())) return false;
    Files.createDirectories(r.targetPath());
    mounter.mount(source.toString(), r.targetPath(), null, EnumSet.of(MountFlag.BIND), null);
    return true;
  }
}
