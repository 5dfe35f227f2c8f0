package com.astromkey.tenant;

/** Classification of a failed tenant call (tenant-api.md §4); callers pick condition, phase and requeue from it. */
public enum TenantErrorKind {
  /** HTTP 401: the token does not exist or has expired. */
  TOKEN_INVALID,
  /** HTTP 403: the token lacks a scope the endpoint needs. */
  MISSING_SCOPE,
  /** HTTP 404: for downloads and version lists, the version is not available. */
  NOT_FOUND,
  /** HTTP 429 or 503: requeue after {@link TenantApiException#retryAfter()}; not an error. */
  UNAVAILABLE,
  /** Other 4xx answers, and redirects the client refuses to follow. */
  REQUEST_REJECTED,
  /** Other 5xx, timeouts, connection failures, truncated or malformed bodies: worth retrying later. */
  TRANSIENT,
  /** TLS handshake failed: untrusted certificate or host name mismatch; retrying will not help. */
  TLS,
  /** The tenant answered 2xx with content we cannot use (invalid version, empty config). */
  INVALID_CONTENT;

  static TenantErrorKind forStatus(int status) {
    return switch (status) {
      case 401 -> TOKEN_INVALID;
      case 403 -> MISSING_SCOPE;
      case 404 -> NOT_FOUND;
      case 429, 503 -> UNAVAILABLE;
      default -> status >= 500 ? TRANSIENT : REQUEST_REJECTED;
    };
  }
}
