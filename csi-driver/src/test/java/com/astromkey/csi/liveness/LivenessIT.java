package com.astromkey.csi.liveness;

import static org.assertj.core.api.Assertions.assertThat;

import com.astromkey.csi.http.HttpEndpoint;
import com.astromkey.csi.layout.CodeModuleCache;
import com.astromkey.csi.layout.DataLayout;
import com.astromkey.csi.mount.RecordingMounter;
import com.astromkey.csi.node.PodEvents;
import com.astromkey.csi.server.CsiServer;
import com.astromkey.csi.server.CsiServerConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /healthz} over real HTTP, answered by Probe over the real CSI socket. */
class LivenessIT {
  @TempDir Path tmp;
  private CsiServer server;
  private LivenessProbe probe;
  private HttpEndpoint http;
  private final HttpClient client = HttpClient.newHttpClient();

  @BeforeEach
  void start() throws Exception {
    Path socket = tmp.resolve("csi.sock");
    DataLayout layout = new DataLayout(tmp.resolve("data"));
    Clock clock = Clock.systemUTC();
    server = CsiServer.start(new CsiServerConfig(socket, "node-a", tmp.resolve("kubelet"), layout.root(), 20, 0),
        new CsiServer.Parts(new RecordingMounter(), new CodeModuleCache(layout, clock), PodEvents.logging(), clock,
            new SimpleMeterRegistry(), d -> {}));
    probe = new LivenessProbe(socket, Duration.ofSeconds(2));
    http = CsiLivenessMain.start(probe, 0);
  }

  @AfterEach
  void stop() {
    http.close();
    probe.close();
    server.close();
  }

  private HttpResponse<String> healthz() throws Exception {
    return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.port() + "/healthz")).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void okWhileTheDriverIsReady() throws Exception {
    HttpResponse<String> r = healthz();
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("ok");
  }

  @Test
  void fiveHundredWithTheReasonWhenProbeFails() throws Exception {
    server.readiness().startupFailed("data dir is not writable");
    HttpResponse<String> r = healthz();
    assertThat(r.statusCode()).isEqualTo(500);
    assertThat(r.body()).isEqualTo("FAILED_PRECONDITION: data dir is not writable");
  }

  @Test
  void fiveHundredWhenTheDriverIsGone() throws Exception {
    server.close();
    HttpResponse<String> r = healthz();
    assertThat(r.statusCode()).isEqualTo(500);
    assertThat(r.body()).startsWith("UNAVAILABLE");
  }
}
