package com.astromkey.tenant;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Fails a body read that makes no progress for the read timeout. The JDK client's request timeout ends with the
 * headers, and a zip body has no overall deadline, so a stalled stream would otherwise block forever.
 */
final class StallGuardInputStream extends FilterInputStream {
  private final long timeoutNanos;
  private final ScheduledFuture<?> watchdog;
  private volatile long lastProgress = System.nanoTime();
  private volatile boolean stalled;

  StallGuardInputStream(InputStream in, Duration readTimeout, ScheduledExecutorService timer) {
    super(in);
    this.timeoutNanos = readTimeout.toNanos();
    long period = Math.max(10, Math.min(1000, readTimeout.toMillis() / 4));
    this.watchdog = timer.scheduleWithFixedDelay(this::check, period, period, TimeUnit.MILLISECONDS);
  }

  boolean stalled() {
    return stalled;
  }

  private void check() {
    if (System.nanoTime() - lastProgress > timeoutNanos) {
      stalled = true;
      watchdog.cancel(false);
      try {
        // closing the JDK's response stream cancels the exchange and wakes the blocked reader
        in.close();
      } catch (IOException ignored) {
        // the reader sees the failure; nothing else to do here
      }
    }
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    try {
      int n = in.read(b, off, len);
      if (stalled) {
        throw stallException(null);
      }
      lastProgress = System.nanoTime();
      return n;
    } catch (IOException e) {
      if (stalled) {
        throw stallException(e);
      }
      throw e;
    }
  }

  private IOException stallException(IOException cause) {
    return new StalledException("no data received for " + TenantHttp.human(Duration.ofNanos(timeoutNanos))
        + " (read timeout)", cause);
  }

  @Override
  public void close() throws IOException {
    watchdog.cancel(false);
    super.close();
  }

  /** The body stalled longer than the read timeout. */
  static final class StalledException extends IOException {
    private static final long serialVersionUID = 1L;

    StalledException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
