package com.astromkey.oci.transport;

import java.io.IOException;
import java.io.InputStream;

/** An input stream whose single-byte read goes through its array read, the only one its subclasses implement. */
abstract class BulkInputStream extends InputStream {
  // response heads are parsed a byte at a time; a stream is read by one thread at a time
  private final byte[] one = new byte[1];

  @Override
  public int read() throws IOException {
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public abstract int read(byte[] b, int off, int len) throws IOException;
}
