package com.astromkey.tenant;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** A failed tenant call: HTTP status (0 without a response), classification, server errors and Retry-After. */
public final class TenantApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

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

  /** The first server error message, or empty: short enough for a condition message. */
  public String serverMessage() {
    return serverErrors.isEmpty() ? "" : serverErrors.get(0).message();
  }
}
