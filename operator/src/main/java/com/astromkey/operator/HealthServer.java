package com.astromkey.operator;

import com.astromkey.operator.metrics.OperatorMetrics;
import io.undertow.Undertow;
import io.undertow.server.HttpHandler;
import io.undertow.util.Headers;
import io.undertow.util.StatusCodes;
import java.net.InetSocketAddress;
import java.util.function.BooleanSupplier;

/** The operator's HTTP listeners (README §4): health {@code /livez}, {@code /readyz} and Prometheus {@code /metrics}. */
public final class HealthServer implements AutoCloseable {
  private final Undertow undertow;

  private HealthServer(Undertow undertow) {
    this.undertow = undertow;
  }

  /** Port 0 picks a free port (tests). */
  public static HealthServer start(int healthPort, int metricsPort, BooleanSupplier ready, OperatorMetrics metrics) {
    HttpHandler health = exchange -> {
      String path = exchange.getRequestPath();
      boolean ok = "/livez".equals(path) || "/readyz".equals(path) && ready.getAsBoolean();
      if (!"/livez".equals(path) && !"/readyz".equals(path)) {
        exchange.setStatusCode(StatusCodes.NOT_FOUND);
        exchange.getResponseSender().send("not found\n");
        return;
      }
      exchange.setStatusCode(ok ? StatusCodes.OK : StatusCodes.SERVICE_UNAVAILABLE);
      exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain");
      exchange.getResponseSender().send(ok ? "ok\n" : "not ready\n");
    };
    HttpHandler scrape = exchange -> {
      if (!"/metrics".equals(exchange.getRequestPath())) {
        exchange.setStatusCode(StatusCodes.NOT_FOUND);
        exchange.getResponseSender().send("not found\n");
        return;
      }
      exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8");
      exchange.getResponseSender().send(metrics.scrape());
    };
    Undertow undertow = Undertow.builder()
        .addHttpListener(healthPort, "0.0.0.0", health)
        .addHttpListener(metricsPort, "0.0.0.0", scrape)
        .build();
    undertow.start();
    return new HealthServer(undertow);
  }

  /** The bound port of the i-th listener (0 = health, 1 = metrics). */
  public int port(int listener) {
    return ((InetSocketAddress) undertow.getListenerInfo().get(listener).getAddress()).getPort();
  }

  @Override
  public void close() {
    undertow.stop();
  }
}
