package com.astromkey.operator;

import static org.assertj.core.api.Assertions.assertThat;

import com.astromkey.operator.metrics.OperatorMetrics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Health endpoints and the Prometheus names of operator.md §14 over real HTTP. */
class HealthServerTest {
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void healthFollowsReadinessAndMetricsUseTheNamesOfSection14() throws Exception {
    OperatorMetrics metrics = new OperatorMetrics();
    metrics.reconciled(OperatorMetrics.Result.SUCCESS, Duration.ofMillis(20));
    metrics.tenantRequest("4a", "429");
    AtomicBoolean ready = new AtomicBoolean(false);
    try (HealthServer server = HealthServer.start(0, 0, ready::get, metrics)) {
      assertThat(get(server.port(0), "/livez").statusCode()).isEqualTo(200);
      assertThat(get(server.port(0), "/readyz").statusCode()).isEqualTo(503);
      ready.set(true);
      assertThat(get(server.port(0), "/readyz").statusCode()).isEqualTo(200);

      String scrape = get(server.port(1), "/metrics").body();
      assertThat(scrape).contains("astromkey_operator_reconcile_total{result=\"success\"} 1.0")
          .contains("astromkey_operator_reconcile_duration_seconds_bucket")
          .contains("astromkey_operator_tenant_requests_total{code=\"429\",endpoint=\"4a\"} 1.0");
    }
  }

  private HttpResponse<String> get(int port, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
