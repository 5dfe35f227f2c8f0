package com.astromkey.oci.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.astromkey.domain.image.ImageReference;
import com.astromkey.oci.RegistryClient;
import com.astromkey.oci.cli.MirrorProcess;
import com.astromkey.oci.extract.LayerExtractor;
import com.astromkey.oci.mirror.ImageMirror;
import com.astromkey.oci.mirror.MirrorProgress;
import com.astromkey.oci.mirror.MirrorReport;
import com.astromkey.oci.verify.SupplyChainFixtures;
import com.astromkey.sandbox.images.ImageFactory;
import com.astromkey.sandbox.images.ImageFormat;
import com.astromkey.sandbox.images.ImagePlatform;
import com.astromkey.sandbox.images.LayerBuilder;
import com.astromkey.sandbox.images.PushedIndex;
import com.astromkey.sandbox.images.SigningKey;
import com.astromkey.sandbox.images.TestImages;
import com.astromkey.sandbox.registry.LocalRegistry;
import com.astromkey.sandbox.registry.RegistryUser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Benchmark (profile {@code bench} only): {@code mirror} of 3 signed multi-arch images (2 platforms × 3 layers each) from a
 * TLS + Basic sandbox registry to a TLS + token one, against {@code skopeo copy --all} of the same images (no signatures).
 * Writes the figures to {@code registry/target/bench/mirror.md} for docs/bench/mirror.md.
 */
class MirrorBench {

  static final int RUNS = Integer.getInteger("bench.runs", 3);
  static final int LAYER_MIB = Integer.getInteger("bench.mirror.layerMiB", 12);
  static final int IMAGES = 3;
  static final int LAYERS = 3;
  static final List<ImagePlatform> PLATFORMS = List.of(ImagePlatform.LINUX_AMD64, ImagePlatform.LINUX_ARM64);
  static final RegistryUser SRC_USER = RegistryUser.pushPull("src-bench", "src-pass");
  static final RegistryUser DST_USER = RegistryUser.pushPull("dst-bench", "dst-pass");

  @Test
  void mirrorAgainstSkopeoCopyAll() throws Exception {
    Path work = Files.createTempDirectory("mirror-bench-");
    try (LocalRegistry source = LocalRegistry.builder().basicAuth(SRC_USER).tls().start()) {
      List<PushedIndex> images = pushImages(source, work);
      long totalBytes = 0;
      for (PushedIndex index : images) {
        totalBytes += index.images().stream().flatMap(i -> i.layers().stream()).mapToLong(d -> d.size()).sum();
      }
      List<Long> ours = new ArrayList<>();
      List<Long> cli = new ArrayList<>();
      List<Long> skopeo = new ArrayList<>();
      List<Long> exitGaps = new ArrayList<>();
      for (int run = 0; run < RUNS + 1; run++) {
        // a fresh destination registry per run: new repositories, and skopeo's blob-info cache (root: one file in
        // /var/lib/containers) cannot offer it cross-repository mounts from an earlier run
        try (LocalRegistry destination = LocalRegistry.builder().tokenAuth(DST_USER).tls().start()) {
          long oursMs;
          long cliMs;
          long skopeoMs;
          // alternate who goes first so page cache and registry warmth do not always favour the same one
          if (run % 2 == 0) {
            oursMs = timeOurs(source, destination, images);
            cliMs = timeCli(source, destination, images, work, run > 0 ? exitGaps : new ArrayList<>());
            skopeoMs = timeSkopeo(source, destination, images);
          } else {
            skopeoMs = timeSkopeo(source, destination, images);
            cliMs = timeCli(source, destination, images, work, run > 0 ? exitGaps : new ArrayList<>());
            oursMs = timeOurs(source, destination, images);
          }
          if (run > 0) { // run 0 warms the JIT, the page cache and the source registry
            ours.add(oursMs);
            cli.add(cliMs);
            skopeo.add(skopeoMs);
          }
        }
      }
      write(totalBytes, ours, cli, skopeo, exitGaps);
    } finally {
      LayerExtractor.deleteTree(work);
    }
  }

  private static long timeOurs(LocalRegistry source, LocalRegistry destination, List<PushedIndex> images)
      throws Exception {
    long t0 = System.nanoTime();
    // a new client per run, as a new mirror process would have: no token or connection carried over
    RegistryClient sourceClient = SupplyChainFixtures.client(source);
    RegistryClient destinationClient = SupplyChainFixtures.client(destination);
    ImageMirror mirror = new ImageMirror(sourceClient, destinationClient, ImageMirror.Options.defaults(),
        MirrorProgress.silent());
    for (PushedIndex index : images) {
      MirrorReport report = mirror.mirror(ImageReference.parse(index.reference()),
          ImageReference.parse(destination.host() + "/ours/" + index.repository().substring("bench/".length()) + ":1"));
      assertThat(report.digest()).hasToString(index.digest());
      assertThat(report.signatureTags()).hasSize(1);
      assertThat(report.present()).isZero();
    }
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
  }

  /** The {@code mirror} CLI in a new JVM per image, as skopeo runs: JVM start-up and cold JIT are part of the time. */
  private static long timeCli(LocalRegistry source, LocalRegistry destination, List<PushedIndex> images, Path work,
      List<Long> exitGaps) {
    Path config = SupplyChainFixtures.dockerConfig(work.resolve("config.json"), source, destination);
    long t0 = System.nanoTime();
    for (PushedIndex index : images) {
      MirrorProcess.Result result = MirrorProcess.run(List.of("--src", index.reference(),
          "--dst", destination.host() + "/cli/" + index.repository().substring("bench/".length()) + ":1",
          "--creds", config.toString(), "--ca-file", source.caPem().toString(), "--ca-file",
          destination.caPem().toString()), Duration.ofMinutes(10));
      assertThat(result.exitCode()).as(result.output()).isZero();
      exitGaps.add(result.lastReportToExit().toMillis());
    }
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
  }

  private static long timeSkopeo(LocalRegistry source, LocalRegistry destination, List<PushedIndex> images)
      throws Exception {
    long t0 = System.nanoTime();
    for (PushedIndex index : images) {
      run(List.of("skopeo", "copy", "--all", "--preserve-digests", "--quiet",
          "--src-creds", SRC_USER.colonForm(), "--src-cert-dir", source.certDir().toString(),
          "--dest-creds", DST_USER.colonForm(), "--dest-cert-dir", destination.certDir().toString(),
          "docker://" + index.reference(),
          "docker://" + destination.host() + "/skopeo/" + index.repository().substring("bench/".length()) + ":1"));
    }
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
  }

  /** Distinct random layers per image and platform (nothing shared, nothing compressible), each index signed once. */
  private static List<PushedIndex> pushImages(LocalRegistry source, Path work) throws IOException {
    Random random = new Random(2026);
    ImageFactory factory = new ImageFactory(source);
    SigningKey key = SigningKey.generate("bench");
    List<PushedIndex> images = new ArrayList<>();
    for (int i = 0; i < IMAGES; i++) {
      Map<ImagePlatform, List<? extends LayerBuilder.LayerBlob>> platforms = new LinkedHashMap<>();
      for (ImagePlatform platform : PLATFORMS) {
        List<LayerBuilder.LayerFile> layers = new ArrayList<>();
        for (int l = 0; l < LAYERS; l++) {
          byte[] content = new byte[LAYER_MIB << 20];
          random.nextBytes(content);
          layers.add(LayerBuilder.create().dir("opt/").dir("opt/astromkey/").dir(TestImages.AGENT_ROOT)
              .file(TestImages.AGENT_ROOT + "lib" + l + ".so", content, 0755)
              .gzipLevel(1) // random bytes do not compress: spend no generation time trying
              .writeTo(work.resolve("i" + i + "-" + platform.architecture() + "-l" + l + ".tar.gz")));
        }
        platforms.put(platform, layers);
      }
      PushedIndex index = factory.pushIndex("bench/image" + i, "1", ImageFormat.OCI, platforms, Map.of(), false);
      factory.signatures().signLegacy(index.repository(), index.digest(), key);
      images.add(index);
    }
    return images;
  }

  /** Output to a file, not inherited: text on the fork's stdout would corrupt the failsafe channel. */
  private static void run(List<String> command) throws Exception {
    Path log = Files.createTempFile("mirror-bench-", ".log");
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
      assertThat(p.waitFor(10, TimeUnit.MINUTES)).isTrue();
      assertThat(p.exitValue()).as(() -> String.join(" ", command) + "\n" + readQuietly(log)).isZero();
    } finally {
      Files.deleteIfExists(log);
    }
  }

  private static String readQuietly(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return "(output unreadable: " + e.getMessage() + ")";
    }
  }

  private static void write(long totalBytes, List<Long> ours, List<Long> cli, List<Long> skopeo, List<Long> exitGaps)
      throws IOException {
    double mb = totalBytes / 1e6;
    long oursMedian = median(ours);
    long cliMedian = median(cli);
    long skopeoMedian = median(skopeo);
    String report = "# Mirror benchmark\n\n"
        + "Generated by `mvn -B -pl registry -am -Pbench verify -DskipTests '-Dbench.include=**/MirrorBench.java'` ("
        + Instant.now() + ", " + Runtime.getRuntime().availableProcessors() + " CPUs, Java "
        + System.getProperty("java.version") + ", " + skopeoVersion() + ").\n\n"
        + "Images: " + IMAGES + " OCI indexes × " + PLATFORMS.size() + " platforms × " + LAYERS + " gzip layers of "
        + LAYER_MIB + " MiB random bytes, " + String.format("%.1f", mb) + " MB of layers in all, each index signed (one "
        + "`.sig` tag). Source: sandbox registry, TLS + Basic; destination: a fresh sandbox registry per run, TLS + token; "
        + "both on loopback. " + RUNS + " measured runs after one warm-up; wall time per run for all " + IMAGES
        + " images, the order of the three reversed every run.\n\n"
        + "| Client | median | min | max | MB/s (median) |\n|---|---|---|---|---|\n"
        + row("astromkey ImageMirror in the test JVM (--jobs 4, with signatures)", ours, mb)
        + row("astromkey `mirror` CLI, one JVM per image (--jobs 4, with signatures)", cli, mb)
        + row("skopeo copy --all --preserve-digests, one process per image (no signatures)", skopeo, mb)
        + "\nRatio to skopeo (medians): in-JVM " + String.format("%.2f", (double) oursMedian / skopeoMedian)
        + "×, CLI " + String.format("%.2f", (double) cliMedian / skopeoMedian) + "×\n"
        + "\nRuns (ms): in-JVM " + ours + ", CLI " + cli + ", skopeo " + skopeo + "\n"
        + "\nCLI, last report line to process exit (ms, per image): median " + median(exitGaps) + ", max "
        + Collections.max(exitGaps) + ", all " + exitGaps + "\n"
        + "\nLoad average at the end: " + loadAverage() + "\n";
    Path file = Path.of("target", "bench", "mirror.md");
    Files.createDirectories(file.getParent());
    Files.writeString(file, report);
    System.out.println(report);
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).strip();
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static String skopeoVersion() {
    try {
      Process p = new ProcessBuilder("skopeo", "--version").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes()).trim();
      p.waitFor(1, TimeUnit.MINUTES);
      return out;
    } catch (IOException e) {
      return "skopeo (version unknown)";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "skopeo (version unknown)";
    }
  }

  private static long median(List<Long> runs) {
    List<Long> sorted = new ArrayList<>(runs);
    Collections.sort(sorted);
    return sorted.get(sorted.size() / 2);
  }

  private static String row(String name, List<Long> runs, double mb) {
    List<Long> sorted = new ArrayList<>(runs);
    Collections.sort(sorted);
    long median = median(runs);
    return "| " + name + " | " + median + " ms | " + sorted.get(0) + " ms | " + sorted.get(sorted.size() - 1) + " ms | "
        + String.format("%.0f", mb / (median / 1000.0)) + " |\n";
  }
}
