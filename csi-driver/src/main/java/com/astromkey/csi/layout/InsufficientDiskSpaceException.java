package com.astromkey.csi.layout;

import java.io.IOException;

/** Free space on the data file system is below twice the expected install size, even after GC. */
public class InsufficientDiskSpaceException extends IOException {
  private static final long serialVersionUID = 1L;

  public InsufficientDiskSpaceException(String message) {
    super(message);
  }
}
