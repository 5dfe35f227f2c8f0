package com.astromkey.webhook.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** The webhook's Micrometer meters (webhook.md §10), rendered in the Prometheus text format on the metrics port. */
public final class WebhookMetrics {
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final AtomicLong certificateExpiry = new AtomicLong();
  // Registered meters by tag values: looking a meter up through its builder on every admission cost more than recording.
  private final Map<List<String>, Counter> admissions = new ConcurrentHashMap<>();
  private final Map<String, Timer> durations = new ConcurrentHashMap<>();
  private final Map<List<String>, Counter> injections = new ConcurrentHashMap<>();

  public WebhookMetrics() {
    Gauge.builder("astromkey.webhook.certificate.expiry.timestamp", certificateExpiry, AtomicLong::doubleValue)
        .baseUnit("seconds")
        .description("notAfter of the serving certificate, seconds since the epoch")
        .register(registry);
  }

  /** {@code result} is allowed, denied or error. */
  public void admission(String kind, String result, Duration duration) {
    admissions.computeIfAbsent(List.of(kind, result), key -> Counter.builder("astromkey.webhook.admissions")
        .tag("kind", kind).tag("result", result).register(registry)).increment();
    durations.computeIfAbsent(kind, key -> Timer.builder("astromkey.webhook.admission.duration").tag("kind", kind)
        .publishPercentileHistogram().register(registry)).record(duration);
  }

  public void podInjection(String delivery, String reason) {
    injections.computeIfAbsent(List.of(delivery, reason), key -> Counter.builder("astromkey.webhook.pod.injections")
        .tag("delivery", delivery).tag("reason", reason).register(registry)).increment();
  }

  public void certificateExpiry(long epochSeconds) {
    certificateExpiry.set(epochSeconds);
  }

  public String scrape() {
    return registry.scrape();
  }
}
