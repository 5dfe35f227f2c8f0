package com.astromkey.csi.provisioner;

import com.astromkey.csi.layout.GcReport;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** The provisioner's metrics of csi-driver.md §9 (installs, errors, single-flight, cache size, GC). */
public final class ProvisionerMetrics {
  private final MeterRegistry registry;
  private final AtomicLong cacheBytes = new AtomicLong();
  private final AtomicLong cacheEntries = new AtomicLong();

  public ProvisionerMetrics(MeterRegistry registry, long budgetBytes) {
    this.registry = registry;
    Gauge.builder("astromkey.csi.cache.bytes", cacheBytes, AtomicLong::get).baseUnit("bytes").register(registry);
    Gauge.builder("astromkey.csi.cache.entries", cacheEntries, AtomicLong::get).register(registry);
    Gauge.builder("astromkey.csi.cache.budget.bytes", () -> budgetBytes).baseUnit("bytes").register(registry);
  }

  public MeterRegistry registry() {
    return registry;
  }

  public void installed(String source, String registryHost, Duration took) {
    Timer.builder("astromkey.csi.install.duration").tag("source", source).tag("registry", registryHost)
        .register(registry).record(took);
    install(source, "success");
  }

  public void failed(String source, String reason) {
    install(source, "failure");
    Counter.builder("astromkey.csi.install.errors").tag("reason", reason).register(registry).increment();
  }

  public void shared() {
    Counter.builder("astromkey.csi.singleflight.shared").register(registry).increment();
  }

  public void cache(long bytes, long entries) {
    cacheBytes.set(bytes);
    cacheEntries.set(entries);
  }

  public void collected(GcReport report) {
    report.removed().forEach((kind, names) ->
        Counter.builder("astromkey.csi.gc.removed").tag("kind", kind).register(registry).increment(names.size()));
  }

  private void install(String source, String result) {
    Counter.builder("astromkey.csi.install").tag("source", source).tag("result", result).register(registry).increment();
  }

  public double count(String name, String... tags) {
    Counter c = registry.find(name).tags(tags).counter();
    return c == null ? 0 : c.count();
  }
}
