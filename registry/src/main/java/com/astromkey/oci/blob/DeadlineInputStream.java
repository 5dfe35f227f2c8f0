package com.astromkey.oci.blob;

import com.astromkey.oci.RegistryException;
import com.astromkey.oci.RegistryException.Reason;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;

/** Ends a slow but never stalled download once the whole install has used its time budget (registry.md §2). */
public final class DeadlineInputStream extends FilterInputStream {

  private final long deadlineNanos;
  private final Duration budget;
  private final String context;

  public DeadlineInputStream(InputStream in, long deadlineNanos, Duration budget, String context) {
    super(in);
    this.deadlineNanos = deadlineNanos;
    this.budget = budget;
    this.context = context;
  }

  @Override
  public int read() throws IOException {
    check();
    return super.read();
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    check();
    return super.read(b, off, len);
  }

  private void check() throws RegistryException {
    if (System.nanoTime() - deadlineNanos > 0) {
      throw new RegistryException(Reason.CONNECTION, context + ": install took longer than " + budget.toMinutes()
          + " minutes");
    }
  }
}
