package com.astromkey.operator.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;

/** The operator's own metrics (operator.md §14), exposed in Prometheus text format. */
public final class OperatorMetrics {
  public static final String RECONCILE_TOTAL = "astromkey_operator_reconcile";
  public static final String RECONCILE_DURATION = "astromkey_operator_reconcile_duration";
  public static final String TENANT_REQUESTS_TOTAL = "astromkey_operator_tenant_requests";

  /** Outcome label of {@code astromkey_operator_reconcile_total}. */
  public enum Result { SUCCESS, REQUEUE, POSTPONED, ERROR }

  private final PrometheusMeterRegistry registry;
  private final Timer reconcileDuration;

  public OperatorMetrics() {
    this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    this.reconcileDuration = Timer.builder(RECONCILE_DURATION).publishPercentileHistogram().register(registry);
  }

  public MeterRegistry registry() {
    return registry;
  }

  public void reconciled(Result result, Duration duration) {
    Counter.builder(RECONCILE_TOTAL).tag("result", result.name().toLowerCase(java.util.Locale.ROOT))
        .register(registry).increment();
    reconcileDuration.record(duration);
  }

  /** {@code endpoint} is the tenant-api.md §2 number; {@code code} the HTTP status or {@code io_error}. */
  public void tenantRequest(String endpoint, String code) {
    Counter.builder(TENANT_REQUESTS_TOTAL).tag("endpoint", endpoint).tag("code", code).register(registry).increment();
  }

  public String scrape() {
    return registry.scrape();
  }
}
