package com.astromkey.e2e.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import com.astromkey.csi.layout.CodeModuleCache;
import com.astromkey.csi.layout.DataLayout;
import com.astromkey.domain.names.CsiEventReasons;
import com.astromkey.domain.names.EnvVars;
import com.astromkey.domain.names.ObjectNames;
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
import com.astromkey.sandbox.registry.RequiresDockerRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Scenario large-image-bounded-memory, the provisioner half: the chart's provisioner container as a child JVM with its
 * {@code JAVA_TOOL_OPTIONS}, {@code -XX:MaxRAM=512m} (its memory limit) and {@code -Xmx64m} installs a 200 MiB layer
 * from the sandbox registry while VmHWM stays within 90 % of 512 MiB. Its own class: generating, pushing and extracting the
 * layer under a second JVM takes longer than the other supply-chain scenarios together.
 */
@RequiresDockerRegistry
class LargeImageScenarioIT {
  private static final String DK = "dynakube";
  private static final long MIB = 1024 * 1024;
  private static final long LAYER_FILE_BYTES = 200 * MIB;
  private static final long LIMIT_KIB = 512 * 1024;

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
            .isLessThanOrEqualTo(LIMIT_KIB * 9 / 10);
      }
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
