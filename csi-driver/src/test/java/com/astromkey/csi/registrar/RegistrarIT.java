package com.astromkey.csi.registrar;

import static org.assertj.core.api.Assertions.assertThat;

import com.astromkey.csi.CsiDriverNames;
import com.astromkey.csi.grpc.UnixSocketChannel;
import com.astromkey.csi.layout.CodeModuleCache;
import com.astromkey.csi.layout.DataLayout;
import com.astromkey.csi.mount.RecordingMounter;
import com.astromkey.csi.node.PodEvents;
import com.astromkey.csi.server.CsiServer;
import com.astromkey.csi.server.CsiServerConfig;
import com.astromkey.csi.spec.pluginregistration.InfoRequest;
import com.astromkey.csi.spec.pluginregistration.PluginInfo;
import com.astromkey.csi.spec.pluginregistration.RegistrationGrpc;
import com.astromkey.csi.spec.pluginregistration.RegistrationStatus;
import com.astromkey.domain.names.ObjectNames;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The registrar against a real CSI server socket, with the test playing the kubelet's plugin watcher. */
class RegistrarIT {
  @TempDir Path tmp;
  private final ExecutorService pool = Executors.newSingleThreadExecutor();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private CsiServer server;

  @AfterEach
  void stop() {
    pool.shutdownNow();
    if (server != null) server.close();
  }

  private void startDriver(Path socket) throws Exception {
    Clock clock = Clock.systemUTC();
    DataLayout layout = new DataLayout(tmp.resolve("data"));
    server = CsiServer.start(new CsiServerConfig(socket, "node-a", tmp.resolve("kubelet"), layout.root(), 20, 0),
        new CsiServer.Parts(new RecordingMounter(), new CodeModuleCache(layout, clock), PodEvents.logging(), clock,
            new SimpleMeterRegistry(), d -> {}));
  }

  private Future<Integer> runRegistrar(String[] args, CompletableFuture<Integer> exit) {
    PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
    return pool.submit(() -> CsiRegistrarMain.run(args, out, errStream, exit));
  }

  @Test
  void registersWithTheKubeletAndExitsOneWhenRejected() throws Exception {
    Path csiSocket = tmp.resolve("plugin/csi.sock");
    Path regDir = Files.createDirectories(tmp.resolve("registration"));
    Path regSocket = regDir.resolve(CsiDriverNames.REGISTRATION_SOCKET);
    Files.writeString(regSocket, "stale");
    String kubeletPath = "/var/lib/kubelet/plugins/csi.oneagent.astromkey.com/csi.sock";
    CompletableFuture<Integer> exit = new CompletableFuture<>();
    Future<Integer> registrar = runRegistrar(new String[] {"--csi-socket=" + csiSocket, "--registration-path=" + kubeletPath,
        "--registration-dir=" + regDir, "--wait-timeout=10s"}, exit);

    Thread.sleep(300); // the driver comes up after the registrar, as containers of one pod may
    startDriver(csiSocket);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!(Files.exists(regSocket) && !Files.isRegularFile(regSocket)) && System.nanoTime() < deadline) Thread.sleep(50);

    try (UnixSocketChannel kubelet = new UnixSocketChannel(regSocket)) {
      RegistrationGrpc.RegistrationBlockingStub stub = RegistrationGrpc.newBlockingStub(kubelet.channel())
          .withDeadlineAfter(5, TimeUnit.SECONDS);
      PluginInfo info = stub.getInfo(InfoRequest.getDefaultInstance());
      assertThat(info.getType()).isEqualTo("CSIPlugin");
      assertThat(info.getName()).isEqualTo(ObjectNames.CSI_DRIVER);
      assertThat(info.getEndpoint()).isEqualTo(kubeletPath);
      assertThat(info.getSupportedVersionsList()).containsExactly("1.0.0");

      stub.notifyRegistrationStatus(RegistrationStatus.newBuilder().setPluginRegistered(true).build());
      assertThat(registrar.isDone()).isFalse();
      stub.notifyRegistrationStatus(RegistrationStatus.newBuilder().setPluginRegistered(false).setError("driver name clash").build());
    }
    assertThat(registrar.get(10, TimeUnit.SECONDS)).isEqualTo(1);
    assertThat(regSocket).doesNotExist();
  }

  @Test
  void givesUpWhenTheDriverNeverAnswers() throws Exception {
    Future<Integer> registrar = runRegistrar(new String[] {"--csi-socket=" + tmp.resolve("none.sock"),
        "--registration-path=/x/csi.sock", "--registration-dir=" + tmp, "--wait-timeout=1s"}, new CompletableFuture<>());
    assertThat(registrar.get(10, TimeUnit.SECONDS)).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("did not answer");
  }

  @Test
  void missingOptionsAreAUsageError() throws Exception {
    assertThat(runRegistrar(new String[] {"--csi-socket=/x"}, new CompletableFuture<>()).get(5, TimeUnit.SECONDS)).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("--registration-path is required").contains("usage:");
  }
}
