package com.astromkey.csi.mount;

/** The mount(2) flags the driver uses, as portable names (the Linux values live in {@link LinuxMounter}). */
public enum MountFlag {
  READ_ONLY,
  BIND,
  NOSUID,
  NODEV
}
