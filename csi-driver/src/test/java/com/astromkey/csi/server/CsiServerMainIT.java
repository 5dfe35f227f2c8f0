package com.astromkey.csi.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.astromkey.csi.init.CsiInitMainAccess;
import com.astromkey.csi.spec.v1.GetPluginInfoRequest;
import com.astromkey.csi.testing.CsiClient;
import com.astromkey.csi.testing.ModeLauncher;
import com.astromkey.domain.names.EnvVars;
import com.astromkey.domain.names.ObjectNames;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The csi-init, csi-server and csi-liveness entry points as the DaemonSet runs them: separate processes, one socket. */
class CsiServerMainIT {
  @TempDir Path tmp;
  private final List<Process> children = new ArrayList<>();
  private final HttpClient http = HttpClient.newHttpClient();

  @AfterEach
  void stop() throws Exception {
    for (Process p : children) {
      p.destroy();
      if (!p.waitFor(5, TimeUnit.SECONDS)) p.destroyForcibly();
    }
  }

  private Process start(Path log, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), ModeLauncher.class.getName()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().put(EnvVars.AK_CSI_DATA_DIR, tmp.resolve("data").toString());
    Process p = pb.start();
    children.add(p);
    return p;
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static void await(String what, Check check) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      try {
        if (check.ok()) return;
      } catch (Exception notYet) {
        // the child is still starting
      }
      Thread.sleep(100);
    }
    throw new AssertionError("timed out waiting for " + what);
  }

  private interface Check {
    boolean ok() throws Exception;
  }

  private HttpResponse<String> get(int port, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void initThenServerAndLivenessServeTheDaemonSetEndpoints() throws Exception {
    assertThat(CsiInitMainAccess.run(tmp.resolve("data"))).isZero();
    Path socket = tmp.resolve("csi/csi.sock");
    int metricsPort = freePort();
    int healthPort = freePort();
    Path serverLog = tmp.resolve("server.log");
    Process server = start(serverLog, "csi-server", "--csi-socket=" + socket, "--node-id=node-a",
        "--kubelet-dir=" + tmp.resolve("kubelet"), "--metrics-port=" + metricsPort);
    start(tmp.resolve("liveness.log"), "csi-liveness", "--csi-socket=" + socket, "--health-port=" + healthPort, "--probe-timeout=2s");

    await("the CSI socket", () -> Files.exists(socket));
    try (CsiClient client = new CsiClient(socket)) {
      await("GetPluginInfo", () -> client.identity().getPluginInfo(GetPluginInfoRequest.getDefaultInstance()).getName()
          .equals(ObjectNames.CSI_DRIVER));
    }
    await("healthz 200", () -> get(healthPort, "/healthz").statusCode() == 200);
    assertThat(get(healthPort, "/healthz").body()).isEqualTo("ok");
    HttpResponse<String> metrics = get(metricsPort, "/metrics");
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.body()).contains("astromkey_csi_grpc_inflight").contains("astromkey_csi_app_mounts");

    server.destroy();
    assertThat(server.waitFor(10, TimeUnit.SECONDS)).as("SIGTERM stops the server").isTrue();
    assertThat(socket).as("the socket is removed on shutdown").doesNotExist();
    await("healthz 500 once the driver is gone", () -> get(healthPort, "/healthz").statusCode() == 500);
    assertThat(Files.readString(serverLog)).contains("CSI server listening on " + socket);
  }
}
