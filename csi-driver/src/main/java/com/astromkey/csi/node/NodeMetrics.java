package com.astromkey.csi.node;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** The server's metrics of csi-driver.md §9: publishes by mode and result. */
public final class NodeMetrics {
  /** Result label values of {@code astromkey_csi_node_publish_total}. */
  public enum Result { OK, UNAVAILABLE, TIMEOUT_EMPTY, ERROR }

  /** Exported as astromkey_csi_node_publish_total; the Prometheus naming convention adds the suffix. */
  static final String PUBLISH_METER = "astromkey.csi.node.publish";

  private final MeterRegistry registry;

  public NodeMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  public MeterRegistry registry() {
    return registry;
  }

  public void published(VolumeMode mode, Result result) {
    Counter.builder(PUBLISH_METER)
        .tag("mode", mode.value())
        .tag("result", result.name().toLowerCase(java.util.Locale.ROOT))
        .register(registry)
        .increment();
  }

  public double publishCount(VolumeMode mode, Result result) {
    Counter c = registry.find(PUBLISH_METER)
        .tag("mode", mode.value()).tag("result", result.name().toLowerCase(java.util.Locale.ROOT)).counter();
    return c == null ? 0 : c.count();
  }
}
