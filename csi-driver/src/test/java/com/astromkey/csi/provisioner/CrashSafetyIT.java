package com.astromkey.csi.provisioner;

import static org.assertj.core.api.Assertions.assertThat;

import com.astromkey.csi.layout.CodeModuleCache;
import com.astromkey.csi.layout.DataLayout;
import com.astromkey.csi.layout.DirectoryTrees;
import com.astromkey.sandbox.images.ImageFactory;
import com.astromkey.sandbox.images.ImageFormat;
import com.astromkey.sandbox.images.ImagePlatform;
import com.astromkey.sandbox.images.LayerBuilder;
import com.astromkey.sandbox.images.PushedImage;
import com.astromkey.sandbox.images.TestImages;
import com.astromkey.sandbox.registry.LocalRegistry;
import com.astromkey.sandbox.registry.RegistryUser;
import com.astromkey.sandbox.registry.RequiresDockerRegistry;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash safety (spec "done when"): the install path runs in a child JVM that is SIGKILLed at seeded random points of an
 * install from the REAL sandbox registry; after every kill, start-up recovery leaves only complete versions and no work
 * dirs, and the next install succeeds. Seed: {@code -Dcsi.crash.seed} (default fixed, printed on failure).
 */
@RequiresDockerRegistry
class CrashSafetyIT {
  static final RegistryUser PUSHER = RegistryUser.pushPull("pusher", "pusher-pass");
  static final RegistryUser ALICE = RegistryUser.pullOnly("alice", "alice-pass");
  static final String VERSION = "1.307.0";
  static final String DK = "crashy";
  static final int MID_INSTALL_KILLS = 20;
  static LocalRegistry registry;

  @TempDir Path tmp;

  @BeforeAll
  static void startRegistry() {
    registry = LocalRegistry.builder().basicAuth(PUSHER, ALICE).tls().start();
  }

  @AfterAll
  static void stopRegistry() {
    registry.close();
  }

  @Test
  @Timeout(value = 150, unit = TimeUnit.SECONDS)
  void sigkillAtRandomPointsOfAnInstallLeavesOnlyCompleteVersionsAndTheNextInstallSucceeds() throws Exception {
    long seed = Long.getLong("csi.crash.seed", 20261127L);
    Random random = new Random(seed);
    // 12 MB of incompressible bytes: download, gunzip, extraction and fsync take long enough for kills to land inside
    byte[] payload = new byte[12 << 20];
    random.nextBytes(payload);
    PushedImage image = new ImageFactory(registry).pushImage("astromkey/codemodules-crash", VERSION, ImageFormat.OCI,
        ImagePlatform.LINUX_AMD64, TestImages.labels(VERSION),
        List.of(TestImages.codeModules(VERSION, ImagePlatform.LINUX_AMD64).build(),
            LayerBuilder.create().file(TestImages.AGENT_ROOT + "agent/lib64/liboneagentjava.so", payload, 0755).gzipLevel(1).build()));
    String key = "sha256-" + image.digest().substring("sha256:".length());
    Path data = tmp.resolve("data");
    Path ca = registry.caPem();
    Path dockerConfig = Files.writeString(tmp.resolve("config.json"), registry.dockerConfigJson(ALICE));
    DataLayout layout = new DataLayout(data);

    Child calibration = Child.start(tmp, data, image.reference(), ca, dockerConfig);
    long installMillis = calibration.awaitInstalling();
    assertThat(calibration.process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(calibration.rest()).as("the calibration run installs").contains(CrashInstallDriver.INSTALLED + key);
    installMillis = System.currentTimeMillis() - installMillis;
    DirectoryTrees.delete(layout.codemodule(key));

    int midInstall = 0;
    List<String> history = new ArrayList<>();
    for (int attempt = 0; midInstall < MID_INSTALL_KILLS; attempt++) {
      assertThat(attempt).as("kills too late to land mid-install (seed %d): %s", seed, history).isLessThan(3 * MID_INSTALL_KILLS);
      Child child = Child.start(tmp, data, image.reference(), ca, dockerConfig);
      child.awaitInstalling();
      long delay = (long) (random.nextDouble() * installMillis * 0.9);
      Thread.sleep(delay);
      child.process.destroyForcibly();
      assertThat(child.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
      boolean finished = child.rest().contains(CrashInstallDriver.INSTALLED);
      long workDirs = count(layout.work());
      history.add(delay + "ms" + (finished ? " (finished)" : workDirs > 0 ? " (work dir)" : ""));
      if (!finished) midInstall++;

      List<String> removed = CrashInstallDriver.recover(data);
      assertThat(count(layout.work())).as("work dirs after recovery (kill %d at %d ms, seed %d, removed %s)", attempt, delay, seed,
          removed).isZero();
      assertOnlyCompleteVersions(layout, seed);

      assertThat(CrashInstallDriver.install(data, image.reference(), ca, dockerConfig, DK)).isEqualTo(key);
      CodeModuleCache cache = new CodeModuleCache(layout, Clock.systemUTC());
      assertThat(cache.latest(DK).orElseThrow().key()).isEqualTo(key);
      assertThat(layout.codemodule(key).resolve("agent/lib64/liboneagentjava.so")).hasSize(payload.length);
      // back to "not installed" (what GC does to an unused version) so that the next child has an install to interrupt
      DirectoryTrees.delete(layout.codemodule(key));
    }
    assertThat(history).as("seed %d, install %d ms", seed, installMillis).filteredOn(h -> !h.contains("finished"))
        .hasSizeGreaterThanOrEqualTo(MID_INSTALL_KILLS);
  }

  /** Every entry of codemodules/ is a directory with its metadata and the agent library; a latest link never dangles. */
  private static void assertOnlyCompleteVersions(DataLayout layout, long seed) throws IOException {
    try (Stream<Path> s = Files.list(layout.codemodules())) {
      for (Path version : s.toList()) {
        assertThat(version).as("seed %d", seed).isDirectory();
        assertThat(version.resolve(DataLayout.META_FILE)).as("seed %d", seed).isRegularFile();
        assertThat(version.resolve(DataLayout.REQUIRED_LIBRARY)).as("seed %d", seed).isRegularFile();
        assertThat(new CodeModuleCache(layout, Clock.systemUTC()).meta(version.getFileName().toString())).isPresent();
      }
    }
    Path link = layout.latestLink(DK);
    if (Files.exists(link, LinkOption.NOFOLLOW_LINKS)) {
      assertThat(link).as("latest link after recovery, seed %d", seed).exists();
      assertThat(link.resolve(DataLayout.META_FILE)).isRegularFile();
    }
  }

  private static long count(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) return 0;
    try (Stream<Path> s = Files.list(dir)) {
      return s.count();
    }
  }

  /** One child JVM running {@link CrashInstallDriver}; a thread collects its stdout, since a destroyed process's streams close. */
  private static final class Child {
    final Process process;
    final List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
    final java.util.concurrent.CountDownLatch installing = new java.util.concurrent.CountDownLatch(1);
    final Thread reader;

    private Child(Process process) {
      this.process = process;
      this.reader = new Thread(() -> {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
          for (String line = out.readLine(); line != null; line = out.readLine()) {
            lines.add(line);
            if (line.equals(CrashInstallDriver.INSTALLING)) installing.countDown();
          }
        } catch (IOException killed) {
          // the stream closes when the process is destroyed: what was read so far is all there is
        }
      }, "crash-child-stdout");
      reader.setDaemon(true);
      reader.start();
    }

    static Child start(Path tmp, Path data, String reference, Path ca, Path dockerConfig) throws IOException {
      List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
          CrashInstallDriver.class.getName(), data.toString(), reference, ca.toString(), dockerConfig.toString(), DK);
      Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.appendTo(tmp.resolve("child.log").toFile())).start();
      return new Child(p);
    }

    /** Blocks until the child has recovered and starts installing; returns that moment. */
    long awaitInstalling() throws InterruptedException {
      if (!installing.await(60, TimeUnit.SECONDS)) throw new AssertionError("the child did not start installing: " + lines);
      return System.currentTimeMillis();
    }

    /** Everything the child printed, once it has exited. */
    String rest() throws InterruptedException {
      reader.join(10_000);
      return String.join("\n", lines);
    }
  }
}
