package com.astromkey.oci.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.astromkey.domain.image.ImageReference;
import com.astromkey.domain.names.ReleaseArtifacts;
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
import com.astromkey.sandbox.images.PushedImage;
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
 * TLS + Basic sandbox registry to a TLS + token one, against {@code skopeo copy --all} of the same images (no signatures);
 * and a release set (chart + 4 such images) by one {@code mirror --release} process against a loop of skopeo per artefact.
 * Writes the figures to {@code registry/target/bench/mirror.md} for docs/performance.md.
 */
class MirrorBench {

  static final int RUNS = Integer.getInteger("bench.runs", 3);
  static final int LAYER_MIB = Integer.getInteger("bench.mirror.layerMiB", 12);
  /** Only the release-set contenders (faster rounds while profiling); the per-image rows are then left out. */
  static final boolean SET_ONLY = Boolean.getBoolean("bench.mirror.setOnly");
  static final int IMAGES = 3;
  static final int LAYERS = 3;
  static final List<ImagePlatform> PLATFORMS = List.of(ImagePlatform.LINUX_AMD64, ImagePlatform.LINUX_ARM64);
  static final RegistryUser SRC_USER = RegistryUser.pushPull("src-bench", "src-pass");
  static final RegistryUser DST_USER = RegistryUser.pushPull("dst-bench", "dst-pass");
  static final String RELEASE = "1.4.0";
  static final String AGENT_VERSION = "1.301.0";
  static final String RELEASE_PREFIX = "release/astromkey";

  @Test
  void mirrorAgainstSkopeoCopyAll() throws Exception {
    Path work = Files.createTempDirectory("mirror-bench-");
    try (LocalRegistry source = LocalRegistry.builder().basicAuth(SRC_USER).tls().start()) {
      Random random = new Random(2026);
      ImageFactory factory = new ImageFactory(source);
      SigningKey key = SigningKey.generate("bench");
      List<PushedIndex> images = new ArrayList<>();
      for (int i = 0; i < (SET_ONLY ? 0 : IMAGES); i++) {
        images.add(pushIndex(factory, key, random, work, "bench/image" + i, "1"));
      }
      Release release = pushRelease(factory, key, random, work);
      long totalBytes = layerBytes(images);
      Contender ours = new Contender("astromkey ImageMirror in the test JVM (--jobs 4, with signatures)", true);
      Contender cli = new Contender("astromkey `mirror` CLI, one JVM per image (--jobs 4, with signatures)", false);
      Contender skopeo =
          new Contender("skopeo copy --all --preserve-digests, one process per image (no signatures)", false);
      List<Long> exitGaps = new ArrayList<>();
      Contender setCli = new Contender("astromkey `mirror --release` CLI, ONE JVM for the set (3 images at a time, "
          + "--jobs 4, with signatures)", false);
      Contender setSkopeo = new Contender("skopeo copy --all --preserve-digests, one process per artefact, sequential "
          + "(no signatures)", false);
      for (int run = 0; run < RUNS + 1; run++) {
        // a fresh destination registry per run: new repositories, and skopeo's blob-info cache (root: one file in
        // /var/lib/containers) cannot offer it cross-repository mounts from an earlier run
        try (LocalRegistry destination = LocalRegistry.builder().tokenAuth(DST_USER).tls().start()) {
          boolean measured = run > 0; // run 0 warms the JIT, the page cache and the source registry
          List<Long> gaps = measured ? exitGaps : new ArrayList<>();
          // alternate who goes first so page cache and registry warmth do not always favour the same one
          if (!SET_ONLY && run % 2 == 0) {
            ours.time(measured, () -> timeOurs(source, destination, images));
            cli.time(measured, () -> timeCli(source, destination, images, work, gaps));
            skopeo.time(measured, () -> timeSkopeo(source, destination, images));
          } else if (!SET_ONLY) {
            skopeo.time(measured, () -> timeSkopeo(source, destination, images));
            cli.time(measured, () -> timeCli(source, destination, images, work, gaps));
            ours.time(measured, () -> timeOurs(source, destination, images));
          }
          if (run % 2 == 0) {
            setCli.time(measured, () -> timeSetCli(source, destination, work));
            setSkopeo.time(measured, () -> timeSetSkopeo(source, destination, release));
          } else {
            setSkopeo.time(measured, () -> timeSetSkopeo(source, destination, release));
            setCli.time(measured, () -> timeSetCli(source, destination, work));
          }
        }
      }
      write(totalBytes, ours, cli, skopeo, exitGaps, release.layerBytes(), setCli, setSkopeo);
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
      skopeoCopy(source, "docker://" + index.reference(), destination,
          "docker://" + destination.host() + "/skopeo/" + index.repository().substring("bench/".length()) + ":1");
    }
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
  }

  private static void skopeoCopy(LocalRegistry source, String from, LocalRegistry destination, String to)
      throws Exception {
    run(List.of("skopeo", "copy", "--all", "--preserve-digests", "--quiet",
        "--src-creds", SRC_USER.colonForm(), "--src-cert-dir", source.certDir().toString(),
        "--dest-creds", DST_USER.colonForm(), "--dest-cert-dir", destination.certDir().toString(), from, to));
  }

  /**
   * The release set as a user copies it: ONE {@code mirror --release} process (chart + operator + 3 agents, up to
   * {@code PARALLEL_IMAGES} at a time, signatures copied). {@code --agent-version} since the bench chart has no annotation.
   */
  private static long timeSetCli(LocalRegistry source, LocalRegistry destination, Path work) {
    Path config = SupplyChainFixtures.dockerConfig(work.resolve("config.json"), source, destination);
    long t0 = System.nanoTime();
    MirrorProcess.Result result = MirrorProcess.run(List.of("--release", RELEASE, "--agent-version", AGENT_VERSION,
        "--src-prefix", source.host() + "/" + RELEASE_PREFIX, "--dst", destination.host() + "/set-cli/astromkey",
        "--creds", config.toString(), "--ca-file", source.caPem().toString(), "--ca-file",
        destination.caPem().toString()), Duration.ofMinutes(10));
    long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.reports()).as(result.output()).hasSize(1 + 1 + ReleaseArtifacts.AGENT_IMAGES.size());
    return ms;
  }

  /** A user's loop over the same artefacts: one {@code skopeo copy --all} per artefact, one after the other. */
  private static long timeSetSkopeo(LocalRegistry source, LocalRegistry destination, Release release) throws Exception {
    long t0 = System.nanoTime();
    for (String artefact : release.artefacts()) {
      skopeoCopy(source, "docker://" + source.host() + "/" + RELEASE_PREFIX + "/" + artefact,
          destination, "docker://" + destination.host() + "/set-skopeo/astromkey/" + artefact);
    }
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
  }

  /** One release under {@link #RELEASE_PREFIX}, chart first as {@code ReleaseSet} orders it; every artefact signed. */
  private static Release pushRelease(ImageFactory factory, SigningKey key, Random random, Path work)
      throws IOException {
    List<String> artefacts = new ArrayList<>();
    byte[] chartTgz = new byte[16 << 10];
    random.nextBytes(chartTgz);
    PushedImage chart = factory.pushHelmChart(RELEASE_PREFIX + "/" + ReleaseArtifacts.CHART, "astromkey-operator",
        RELEASE, chartTgz);
    factory.signatures().signLegacy(chart.repository(), chart.digest(), key);
    artefacts.add(ReleaseArtifacts.CHART + ":" + RELEASE);
    List<PushedIndex> images = new ArrayList<>();
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put(ReleaseArtifacts.OPERATOR_IMAGE, ReleaseArtifacts.operatorTag(RELEASE));
    ReleaseArtifacts.AGENT_IMAGES.forEach(agent -> tags.put(agent, AGENT_VERSION));
    for (Map.Entry<String, String> image : tags.entrySet()) {
      images.add(pushIndex(factory, key, random, work, RELEASE_PREFIX + "/" + image.getKey(), image.getValue()));
      artefacts.add(image.getKey() + ":" + image.getValue());
    }
    return new Release(List.copyOf(artefacts), layerBytes(images) + chartTgz.length);
  }

  /** Source-relative {@code name:tag} of each release artefact and the bytes of their layers. */
  private record Release(List<String> artefacts, long layerBytes) {
  }

  /** Distinct random layers per platform (nothing shared, nothing compressible), the index signed once. */
  private static PushedIndex pushIndex(ImageFactory factory, SigningKey key, Random random, Path work, String repository,
      String tag) throws IOException {
    Map<ImagePlatform, List<? extends LayerBuilder.LayerBlob>> platforms = new LinkedHashMap<>();
    String prefix = repository.replace('/', '_');
    for (ImagePlatform platform : PLATFORMS) {
      List<LayerBuilder.LayerFile> layers = new ArrayList<>();
      for (int l = 0; l < LAYERS; l++) {
        byte[] content = new byte[LAYER_MIB << 20];
        random.nextBytes(content);
        layers.add(LayerBuilder.create().dir("opt/").dir("opt/astromkey/").dir(TestImages.AGENT_ROOT)
            .file(TestImages.AGENT_ROOT + "lib" + l + ".so", content, 0755)
            .gzipLevel(1) // random bytes do not compress: spend no generation time trying
            .writeTo(work.resolve(prefix + "-" + platform.architecture() + "-l" + l + ".tar.gz")));
      }
      platforms.put(platform, layers);
    }
    PushedIndex index = factory.pushIndex(repository, tag, ImageFormat.OCI, platforms, Map.of(), false);
    factory.signatures().signLegacy(index.repository(), index.digest(), key);
    return index;
  }

  private static long layerBytes(List<PushedIndex> images) {
    return images.stream().flatMap(index -> index.images().stream()).flatMap(i -> i.layers().stream())
        .mapToLong(d -> d.size()).sum();
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

  private static void write(long totalBytes, Contender ours, Contender cli, Contender skopeo, List<Long> exitGaps,
      long setBytes, Contender setCli, Contender setSkopeo) throws IOException {
    double mb = totalBytes / 1e6;
    String report = "# Mirror benchmark\n\n"
        + "Generated by `mvn -B -pl registry -am -Pbench verify -DskipTests '-Dbench.include=**/MirrorBench.java'` ("
        + Instant.now() + ", " + Runtime.getRuntime().availableProcessors() + " CPUs, Java "
        + System.getProperty("java.version") + ", " + skopeoVersion() + ").\n\n"
        + "Images: " + IMAGES + " OCI indexes × " + PLATFORMS.size() + " platforms × " + LAYERS + " gzip layers of "
        + LAYER_MIB + " MiB random bytes, " + String.format("%.1f", mb) + " MB of layers in all, each index signed (one "
        + "`.sig` tag). Source: sandbox registry, TLS + Basic; destination: a fresh sandbox registry per run, TLS + token; "
        + "both on loopback. " + RUNS + " measured runs after one warm-up; wall time per run for all " + IMAGES
        + " images, the order of the three reversed every run. CPU = user + sys: of the client processes (/proc "
        + "cutime + cstime once they have ended), of the test JVM for the in-JVM client, and of both docker-registry "
        + "processes.\n\n"
        + (SET_ONLY ? "(per-image rows left out: -Dbench.mirror.setOnly=true)\n" : Contender.HEADER + ours.row(mb)
            + cli.row(mb) + skopeo.row(mb)
            + "\nRatio to skopeo (medians): in-JVM " + ours.ratio(skopeo) + ", CLI " + cli.ratio(skopeo) + "\n\n"
            + ours.runs() + cli.runs() + skopeo.runs()
            + "\nCLI, last report line to process exit (ms, per image): median " + median(exitGaps) + ", max "
            + Collections.max(exitGaps) + ", all " + exitGaps + "\n")
        + "\n## Release set: one `mirror --release` process against a skopeo loop\n\n"
        + "Set: chart (16 KiB) + operator + " + ReleaseArtifacts.AGENT_IMAGES.size() + " agent images, each image as "
        + "above, " + String.format("%.1f", setBytes / 1e6) + " MB of layers, every artefact signed; same source and "
        + "destination registries, own repositories. Wall time per run for the whole set, the order of the two reversed "
        + "every run.\n\n"
        + Contender.HEADER + setCli.row(setBytes / 1e6) + setSkopeo.row(setBytes / 1e6)
        + "\nRatio to skopeo (medians): set CLI " + setCli.ratio(setSkopeo) + "\n\n"
        + setCli.runs() + setSkopeo.runs()
        + "\nLoad average at the end: " + loadAverage() + "\n";
    Path file = Path.of("target", "bench", "mirror.md");
    Files.createDirectories(file.getParent());
    Files.writeString(file, report);
    System.out.println(report);
  }

  /** A timed body: returns its own wall time in ms (it leaves set-up such as config files out of the time). */
  private interface Timed {
    long run() throws Exception;
  }

  /** One client's measured runs: wall time, client CPU (its processes, or this JVM) and the registries' CPU. */
  private static final class Contender {
    static final String HEADER = "| Client | median | min | max | MB/s (median) | client CPU (median) | registries CPU "
        + "(median) |\n|---|---|---|---|---|---|---|\n";

    private final String name;
    private final boolean inThisJvm;
    private final List<Long> wall = new ArrayList<>();
    private final List<Long> cpu = new ArrayList<>();
    private final List<Long> registries = new ArrayList<>();

    Contender(String name, boolean inThisJvm) {
      this.name = name;
      this.inThisJvm = inThisJvm;
    }

    void time(boolean measured, Timed body) throws Exception {
      CpuSample before = CpuSample.now();
      long ms = body.run();
      CpuSample spent = CpuSample.now().minus(before);
      if (measured) {
        wall.add(ms);
        cpu.add(inThisJvm ? spent.selfMs() : spent.endedChildrenMs());
        registries.add(spent.registriesMs());
      }
    }

    String row(double mb) {
      List<Long> sorted = new ArrayList<>(wall);
      Collections.sort(sorted);
      long median = median(wall);
      return "| " + name + " | " + median + " ms | " + sorted.get(0) + " ms | " + sorted.get(sorted.size() - 1)
          + " ms | " + String.format("%.0f", mb / (median / 1000.0)) + " | " + median(cpu) + " ms | "
          + median(registries) + " ms |\n";
    }

    String ratio(Contender other) {
      return String.format("%.2f× wall, %.2f× client CPU", (double) median(wall) / median(other.wall),
          (double) median(cpu) / median(other.cpu));
    }

    String runs() {
      return "- " + name + ": wall " + wall + " ms, client CPU " + cpu + " ms, registries CPU " + registries + " ms\n";
    }
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
}
