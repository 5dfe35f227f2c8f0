package com.astromkey.e2e.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import com.astromkey.csi.layout.CodeModuleCache;
import com.astromkey.csi.layout.DataLayout;
import com.astromkey.bootstrap.BootstrapMain;
import com.astromkey.domain.names.Annotations;
import com.astromkey.domain.names.CsiEventReasons;
import com.astromkey.domain.names.EnvVars;
import com.astromkey.domain.names.ObjectNames;
import com.astromkey.domain.names.SecretKeys;
import com.astromkey.e2e.sandbox.BootstrapRunner;
import com.astromkey.e2e.sandbox.ChildJvm;
import com.astromkey.e2e.sandbox.CustomerFlow;
import com.astromkey.e2e.sandbox.E2eSandbox;
import com.astromkey.launcher.Main;
import com.astromkey.sandbox.images.ImageFactory;
import com.astromkey.sandbox.images.ImageFormat;
import com.astromkey.sandbox.images.ImagePlatform;
import com.astromkey.sandbox.images.LargeLayers;
import com.astromkey.sandbox.images.PushedImage;
import com.astromkey.sandbox.images.TestImages;
import com.astromkey.sandbox.process.ChildProcesses;
import com.astromkey.sandbox.registry.RequiresDockerRegistry;
import com.astromkey.sandbox.tenant.SimFault;
import com.astromkey.sandbox.tls.SandboxCa;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;

/**
 * Scenario large-image-bounded-memory (helm-and-image.md §3.2): the chart's provisioner container as a child JVM with its
 * {@code JAVA_TOOL_OPTIONS}, {@code -XX:MaxRAM=512m} (its memory limit) and {@code -Xmx64m} installs a 200 MiB layer
 * while VmHWM stays within 90 % of 512 MiB; then, in a sandbox without CSI, the injected bootstrap in zip mode unpacks a
 * 300 MiB zip within 90 % of 128 MiB. Its own class: generating and moving half a gigabyte through child JVMs takes longer
 * than a minute here.
 */
@RequiresDockerRegistry
class LargeImageScenarioIT {
  private static final String DK = "dynakube";
  private static final long MIB = 1024 * 1024;
  private static final long LAYER_FILE_BYTES = 200 * MIB;
  private static final long PROVISIONER_LIMIT_KIB = 512 * 1024;
  private static final long BOOTSTRAP_LIMIT_KIB = 128 * 1024;
  private static final int ZIP_FILES = 3;
  private static final long ZIP_FILE_BYTES = 100 * MIB;
  private static final String APP_NAMESPACE = "shop";

  @Test
  void large_image_bounded_memory() throws Exception {
    try (E2eSandbox s = E2eSandbox.create()) {
      // the chart with CSI, but its provisioner runs below as a child JVM instead of in this process
      s.startInfrastructure();
      s.pushImages();
      s.installChart(true);
      s.startOperator();
      s.startWebhook();
      PushedImage large = new ImageFactory(s.registry()).pushImage(E2eSandbox.REPOSITORY_PREFIX + "/astromkey-codemodules",
          "200mib", ImageFormat.OCI, ImagePlatform.LINUX_AMD64, TestImages.labels("0.0.0"),
          List.of(LargeLayers.zeros(Files.createTempFile(s.tmp(), "large-layer", ".tar.gz"), LAYER_FILE_BYTES)));
      Path dataDir = Files.createDirectories(s.tmp().resolve("csi-data"));

      try (ChildJvm provisioner = ChildJvm.start(Main.class, List.of("csi-provisioner", "--health-port=0", "--metrics-port=0"),
          provisionerEnv(s, dataDir), s.tmp().resolve("logs"))) {
        s.tokensSecret(DK);
        assertThat(new CustomerFlow(s).apply(s.dynaKube("dynakube-large-image-bounded-memory")).allowed()).isTrue();

        String key = "sha256-" + large.digest().substring("sha256:".length());
        CodeModuleCache cache = new CodeModuleCache(new DataLayout(dataDir), Clock.systemUTC());
        E2eSandbox.await("the child provisioner to install " + key, Duration.ofMinutes(3),
            () -> !provisioner.alive() || latest(cache).equals(Optional.of(key)));
        assertThat(provisioner.alive()).as(provisioner.output()).isTrue();
        Path installed = dataDir.resolve(DataLayout.CODEMODULES).resolve(key);
        assertThat(Files.size(installed.resolve("agent/large.bin"))).isEqualTo(LAYER_FILE_BYTES);
        assertThat(installed.resolve("agent/lib64/liboneagentproc.so")).exists();
        E2eSandbox.await("the CodeModulesInstalled event", CustomerFlow.PATIENCE, () -> s.client().v1().events()
            .inNamespace(E2eSandbox.NAMESPACE).list().getItems().stream()
            .anyMatch(e -> CsiEventReasons.CODE_MODULES_INSTALLED.equals(e.getReason()) && e.getMessage().contains(key)));
        assertThat(provisioner.peakRssKib()).as("VmHWM of the provisioner in KiB").isPositive()
            .isLessThanOrEqualTo(PROVISIONER_LIMIT_KIB * 9 / 10);
      }
    }
    try (E2eSandbox s = E2eSandbox.startAll(false)) {
      assertZipBootstrapBounded(s);
    }
  }

  /**
   * The injected init container in zip mode with its 128Mi limit ({@code -XX:MaxRAM=128m} added to the JVM options the
   * webhook set): the tenant's download redirects to a file server (trusted through {@code trustedCAs}) serving 300 MiB.
   */
  private static void assertZipBootstrapBounded(E2eSandbox s) throws Exception {
    CustomerFlow flow = new CustomerFlow(s);
    Path zip = bigZip(s.tmp().resolve("codemodules.zip"));
    SandboxCa fileServerCa = SandboxCa.create("file-server-ca");
    HttpsServer files = serve(zip, fileServerCa);
    try {
      s.client().configMaps().inNamespace(E2eSandbox.NAMESPACE).withName(E2eSandbox.TRUSTED_CAS).edit(cm -> {
        cm.getData().merge(SecretKeys.TRUSTED_CAS_CERTS, "\n" + fileServerCa.certificatePem(), String::concat);
        return cm;
      });
      s.tenant().fault(SimFault.redirect(302, "https://127.0.0.1:" + files.getAddress().getPort() + "/codemodules.zip")
          .onPath("/api/v1/deployment/installer/agent/unix/paas/version/.*"));
      s.tokensSecret(DK);
      assertThat(flow.apply(s.dynaKube("dynakube-large-image-bounded-memory-zip")).allowed()).isTrue();
      flow.awaitStatus(DK, st -> st.getCodeModules() != null && st.getCodeModules().getVersion() != null);
      flow.createNamespace(APP_NAMESPACE);
      flow.awaitInjectionReady(APP_NAMESPACE);
      Pod pod = flow.createPod(APP_NAMESPACE, "app-zip", "docker.io/library/nginx:1.27").object();
      assertThat(pod.getMetadata().getAnnotations()).containsEntry(Annotations.ONEAGENT_DELIVERY, "zip");
      Container init = pod.getSpec().getInitContainers().stream()
          .filter(c -> c.getName().equals(ObjectNames.INJECTION_INIT_CONTAINER)).findFirst().orElseThrow();
      EnvVar options = init.getEnv().stream().filter(v -> v.getName().equals(EnvVars.JAVA_TOOL_OPTIONS)).findFirst()
          .orElseThrow(() -> new AssertionError("the webhook set no JAVA_TOOL_OPTIONS on the init container"));
      options.setValue(options.getValue() + " -XX:MaxRAM=128m");
      Path bin = Files.createDirectories(s.tmp().resolve("oneagent-bin"));

      PeakRss peak = PeakRss.ofChildren(BootstrapMain.class.getName());
      BootstrapRunner.Run run;
      try {
        run = s.bootstrap().run(pod, bin, Duration.ofMinutes(3));
      } finally {
        peak.stop();
      }

      assertThat(run.exit()).as(run.out() + run.err()).isZero();
      for (int i = 0; i < ZIP_FILES; i++) {
        assertThat(Files.size(bin.resolve("agent/data/blob" + i))).isEqualTo(ZIP_FILE_BYTES);
      }
      assertThat(peak.kib()).as("VmHWM of bootstrap in KiB").isPositive().isLessThanOrEqualTo(BOOTSTRAP_LIMIT_KIB * 9 / 10);
    } finally {
      files.stop(0);
    }
  }

  /** Random (incompressible) stored entries, so the zip itself is 300 MiB on the wire. */
  private static Path bigZip(Path file) throws IOException {
    byte[] block = new byte[(int) MIB];
    Random random = new Random(7);
    try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(file))) {
      out.setLevel(Deflater.NO_COMPRESSION);
      out.putNextEntry(new ZipEntry("agent/lib64/liboneagentproc.so"));
      out.write("astromkey-test-agent large\n".getBytes(StandardCharsets.UTF_8));
      for (int i = 0; i < ZIP_FILES; i++) {
        out.putNextEntry(new ZipEntry("agent/data/blob" + i));
        for (long n = 0; n < ZIP_FILE_BYTES; n += block.length) {
          random.nextBytes(block);
          out.write(block);
        }
      }
    }
    return file;
  }

  private static HttpsServer serve(Path file, SandboxCa ca) throws IOException {
    HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(ca.issueServerCertificate().serverSslContext()));
    server.createContext("/" + file.getFileName(), exchange -> {
      exchange.sendResponseHeaders(200, Files.size(file));
      try (OutputStream body = exchange.getResponseBody()) {
        Files.copy(file, body);
      }
    });
    server.start();
    return server;
  }

  /** VmHWM of this JVM's child processes running {@code mainClass}, sampled every 20 ms until stopped. */
  private static final class PeakRss {
    private final Thread sampler;
    private volatile long kib;
    private volatile boolean stopped;

    private PeakRss(String mainClass) {
      sampler = new Thread(() -> {
        while (!stopped) {
          ProcessHandle.current().children()
              .filter(p -> ChildProcesses.commandLine(p.pid()).contains(mainClass))
              .forEach(p -> kib = Math.max(kib, ChildProcesses.vmHwmKib(p.pid())));
          try {
            Thread.sleep(20);
          } catch (InterruptedException e) {
            return;
          }
        }
      }, "peak-rss");
      sampler.setDaemon(true);
    }

    static PeakRss ofChildren(String mainClass) {
      PeakRss peak = new PeakRss(mainClass);
      peak.sampler.start();
      return peak;
    }

    void stop() throws InterruptedException {
      stopped = true;
      sampler.join();
    }

    long kib() {
      return kib;
    }
  }

  /** The chart's provisioner container env (JVM options included) plus the memory limit, the data dir and the API server. */
  private static Map<String, String> provisionerEnv(E2eSandbox s, Path dataDir) throws IOException {
    Map<String, String> env = s.chart().environment("DaemonSet", ObjectNames.CSI_DAEMONSET, ObjectNames.CSI_PROVISIONER_CONTAINER,
        "astromkey-csi-driver-abcde", E2eSandbox.NODE);
    String chartOptions = s.chart().javaToolOptions("DaemonSet", ObjectNames.CSI_DAEMONSET, ObjectNames.CSI_PROVISIONER_CONTAINER)
        .orElseThrow(() -> new AssertionError("the chart sets no JAVA_TOOL_OPTIONS for the provisioner"));
    Path jvmTmp = Files.createDirectories(s.tmp().resolve("provisioner-tmp"));
    env.put(EnvVars.JAVA_TOOL_OPTIONS, chartOptions + " -XX:MaxRAM=512m -Xmx64m -Djava.io.tmpdir=" + jvmTmp);
    env.put(EnvVars.AK_CSI_DATA_DIR, dataDir.toString());
    env.put(EnvVars.AK_PLATFORM, "linux/amd64");
    // the fabric8 client's own configuration keys: the sandbox's API server instead of an in-cluster service account
    env.put("KUBERNETES_MASTER", s.client().getMasterUrl().toString());
    env.put("KUBERNETES_NAMESPACE", E2eSandbox.NAMESPACE);
    env.put("KUBERNETES_AUTH_TRYKUBECONFIG", "false");
    env.put("KUBERNETES_AUTH_TRYSERVICEACCOUNT", "false");
    return env;
  }

  private static Optional<String> latest(CodeModuleCache cache) {
    try {
      return cache.latest(DK).map(m -> m.key());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
