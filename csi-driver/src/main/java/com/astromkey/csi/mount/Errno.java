package com.astromkey.csi.mount;

/** Linux errno values the driver reacts to (asm-generic/errno-base.h). */
public final class Errno {
  public static final int EPERM = 1;
  public static final int ENOENT = 2;
  public static final int EBUSY = 16;
  public static final int ENODEV = 19;
  public static final int EINVAL = 22;

  private Errno() {}
}
