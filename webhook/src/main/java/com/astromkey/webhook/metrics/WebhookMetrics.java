package com.astromkey.webhook.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** The webhook's Micrometer meters (webhook.md §10), rendered in the Prometheus text format on the metrics port. */
public final class WebhookMetrics {
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final AtomicLong certificateExpiry = new AtomicLong();

  public WebhookMetrics() {
    Gauge.builder("astromkey.webhook.certificate.expiry.timestamp", certificateExpiry, AtomicLong::doubleValue)
        .baseUnit("seconds")
        .description("notAfter of the serving certificate, seconds since the epoch")
        .register(registry);
  }

  /** {@code result} is allowed, denied or error. */
  public void admission(String kind, String result, Duration duration) {
    Counter.builder("astromkey.webhook.admissions").tag("kind", kind).tag("result", result).register(registry).increment();
    Timer.builder("astromkey.webhook.admission.duration").tag("kind", kind).publishPercentileHistogram()
        .register(registry).record(duration);
  }

  public void podInjection(String delivery, String reason) {
    Counter.builder("astromkey.webhook.pod.injections").tag("delivery", delivery).tag("reason", reason).register(registry)
        .increment();
  }

  public void certificateExpiry(long epochSeconds) {
    certificateExpiry.set(epochSeconds);
  }

  public String scrape() {
    return registry.scrape();
  }
}
