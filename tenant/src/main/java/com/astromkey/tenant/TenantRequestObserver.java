package com.astromkey.tenant;

import java.time.Duration;

/**
 * Told about every HTTP exchange with the tenant (each redirect hop included, cache hits excluded), so the operator
 * can count {@code astromkey_operator_tenant_requests_total{endpoint,code}} (operator.md §14) without the client
 * knowing about metrics.
 */
@FunctionalInterface
public interface TenantRequestObserver {
  TenantRequestObserver NONE = (endpoint, code, duration) -> { };

  /** Code for an exchange that got no HTTP response (timeout, refused, reset, TLS). */
  String IO_ERROR = "io_error";

  /**
   * @param endpoint number of tenant-api.md §2, e.g. {@code 4a}
   * @param code the HTTP status, or {@link #IO_ERROR}
   */
  void onExchange(String endpoint, String code, Duration duration);
}
