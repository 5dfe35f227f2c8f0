package com.astromkey.oci;

import java.time.Duration;

/** The registry asked us to wait longer than we block for; the caller should requeue after {@link #retryAfter()}. */
public final class RateLimitedException extends RegistryException {

  private final Duration retryAfter;

  public RateLimitedException(String detail, Duration retryAfter) {
    super(Reason.RATE_LIMITED, detail + " (retry after " + retryAfter.toSeconds() + "s)");
    this.retryAfter = retryAfter;
  }

  public Duration retryAfter() {
    return retryAfter;
  }
}
