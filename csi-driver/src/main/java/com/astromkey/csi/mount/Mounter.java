package com.astromkey.csi.mount;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;

/** Mounts, unmounts and reads the mount table; the seam between the CSI node logic and the kernel (csi-driver.md §4.4). */
public interface Mounter {
  /** mount(2); a read-only bind is done as bind plus read-only remount because the kernel ignores MS_RDONLY on a fresh bind. */
  void mount(String source, Path target, String fsType, Set<MountFlag> flags, String data) throws MountException;

  /** umount2(2), lazily ({@code MNT_DETACH}) when {@code detach}. */
  void unmount(Path target, boolean detach) throws MountException;

  /** The current mount table of this process's mount namespace. */
  MountTable mounts() throws IOException;

  default boolean isMountPoint(Path path) throws IOException {
    return mounts().isMountPoint(path);
  }
}
