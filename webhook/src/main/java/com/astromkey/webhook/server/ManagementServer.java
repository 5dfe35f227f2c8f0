package com.astromkey.webhook.server;

import com.astromkey.webhook.metrics.WebhookMetrics;
import io.undertow.Undertow;
import io.undertow.server.HttpHandler;
import io.undertow.util.Headers;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;

/** Plain-HTTP health ({@code /livez}, {@code /readyz}) and Prometheus metrics ({@code /metrics}) listeners, each on its own port. */
public final class ManagementServer implements AutoCloseable {
  public static final String LIVEZ = "/livez";
  public static final String READYZ = "/readyz";
  public static final String METRICS = "/metrics";
  static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

  private final Undertow health;
  private final Undertow metrics;

  private ManagementServer(Undertow health, Undertow metrics) {
    this.health = health;
    this.metrics = metrics;
  }

  public static ManagementServer start(String host, int healthPort, int metricsPort, BooleanSupplier ready,
      WebhookMetrics meters) {
    Undertow health = Undertow.builder().addHttpListener(healthPort, host).setIoThreads(1).setWorkerThreads(2)
        .setHandler(healthHandler(ready)).build();
    Undertow metrics = Undertow.builder().addHttpListener(metricsPort, host).setIoThreads(1).setWorkerThreads(2)
        .setHandler(metricsHandler(meters)).build();
    health.start();
    try {
      metrics.start();
    } catch (RuntimeException e) {
      health.stop();
      throw e;
    }
    return new ManagementServer(health, metrics);
  }

  public int healthPort() {
    return ((InetSocketAddress) health.getListenerInfo().get(0).getAddress()).getPort();
  }

  public int metricsPort() {
    return ((InetSocketAddress) metrics.getListenerInfo().get(0).getAddress()).getPort();
  }

  private static HttpHandler healthHandler(BooleanSupplier ready) {
    return exchange -> {
      switch (exchange.getRequestPath()) {
        case LIVEZ:
          AdmissionServer.plain(exchange, 200, "ok");
          break;
        case READYZ:
          boolean isReady = ready.getAsBoolean();
          AdmissionServer.plain(exchange, isReady ? 200 : 503, isReady ? "ok" : "certificate or informer caches not ready");
          break;
        default:
          AdmissionServer.plain(exchange, 404, "not found");
      }
    };
  }

  private static HttpHandler metricsHandler(WebhookMetrics meters) {
    return exchange -> {
      if (!METRICS.equals(exchange.getRequestPath())) {
        AdmissionServer.plain(exchange, 404, "not found");
        return;
      }
      if (exchange.isInIoThread()) {
        exchange.dispatch(exchange.getDispatchExecutor(), ex -> sendMetrics(ex, meters));
        return;
      }
      sendMetrics(exchange, meters);
    };
  }

  private static void sendMetrics(io.undertow.server.HttpServerExchange exchange, WebhookMetrics meters) {
    exchange.setStatusCode(200);
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, PROMETHEUS_TEXT);
    exchange.getResponseSender().send(meters.scrape(), StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    health.stop();
    metrics.stop();
  }
}
