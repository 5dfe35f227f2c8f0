package com.astromkey.tenant;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** A failed tenant call: HTTP status (0 without a response), classification, server errors and Retry-After. */
public final class TenantApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  static final Duration MIN_REQUEUE = Duration.ofMinutes(1);
  static final Duration MAX_REQUEUE = Duration.ofMinutes(10);

  private final int statusCode;
  private final TenantErrorKind kind;
  private final transient List<ServerError> serverErrors;
  private final Duration retryAfter;

  public TenantApiException(TenantErrorKind kind, int statusCode, String message, List<ServerError> serverErrors,
      Duration retryAfter, Throwable cause) {
    super(message, cause);
    this.kind = kind;
    this.statusCode = statusCode;
    this.serverErrors = serverErrors == null ? List.of() : List.copyOf(serverErrors);
    this.retryAfter = retryAfter;
  }

  static TenantApiException of(TenantErrorKind kind, String message) {
    return new TenantApiException(kind, 0, message, List.of(), null, null);
  }

  static TenantApiException of(TenantErrorKind kind, String message, Throwable cause) {
    return new TenantApiException(kind, 0, message, List.of(), null, cause);
  }

  /** HTTP status of the tenant's answer, 0 when there was none (I/O error, timeout, TLS, invalid content). */
  public int statusCode() {
    return statusCode;
  }

  public TenantErrorKind kind() {
    return kind;
  }

  public List<ServerError> serverErrors() {
    return serverErrors;
  }

  /** The tenant's Retry-After as sent (seconds or HTTP date), unclamped; only on 429/503. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  public boolean isTokenInvalid() {
    return kind == TenantErrorKind.TOKEN_INVALID;
  }

  public boolean isMissingScope() {
    return kind == TenantErrorKind.MISSING_SCOPE;
  }

  public boolean isAuthError() {
    return isTokenInvalid() || isMissingScope();
  }

  public boolean isUnavailable() {
    return kind == TenantErrorKind.UNAVAILABLE;
  }

  public boolean isNotFound() {
    return kind == TenantErrorKind.NOT_FOUND;
  }

  /** Worth trying again later without changing anything: 5xx, I/O, timeouts, broken bodies, 429/503. */
  public boolean isTransient() {
    return kind == TenantErrorKind.TRANSIENT || kind == TenantErrorKind.UNAVAILABLE;
  }

  /**
   * When to ask again after a 429/503 (tenant-api.md §4): Retry-After clamped to 1–10 minutes, 1 minute without it.
   * Empty for every other error, whose retry the caller's backoff decides.
   */
  public Optional<Duration> requeueDelay() {
    if (!isUnavailable()) {
      return Optional.empty();
    }
    if (retryAfter == null) {
      return Optional.of(MIN_REQUEUE);
    }
    Duration d = retryAfter.compareTo(MIN_REQUEUE) < 0 ? MIN_REQUEUE : retryAfter;
    return Optional.of(d.compareTo(MAX_REQUEUE) > 0 ? MAX_REQUEUE : d);
  }

  /** The first server error message, or empty: short enough for a condition message. */
  public String serverMessage() {
    return serverErrors.isEmpty() ? "" : serverErrors.get(0).message();
  }
}
