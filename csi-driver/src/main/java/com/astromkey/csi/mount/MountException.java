package com.astromkey.csi.mount;

import java.io.IOException;

/** A failed mount(2) or umount2(2), carrying the errno so callers can react to EBUSY, ENODEV or EPERM. */
public class MountException extends IOException {
  private static final long serialVersionUID = 1L;
  private final int errno;

  public MountException(String message, int errno) {
    super(message);
    this.errno = errno;
  }

  public int errno() {
    return errno;
  }
}
