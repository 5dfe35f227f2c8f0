package com.astromkey.oci.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.astromkey.domain.image.ImageReference;
import com.astromkey.oci.Platform;
import com.astromkey.oci.RegistryClient;
import com.astromkey.oci.extract.LayerExtractor;
import com.astromkey.oci.keychain.Keychain;
import com.astromkey.oci.keychain.PullSecret;
import com.astromkey.oci.transport.TrustConfig;
import com.astromkey.sandbox.images.ImageFactory;
import com.astromkey.sandbox.images.ImageFormat;
import com.astromkey.sandbox.images.ImagePlatform;
import com.astromkey.sandbox.images.LayerBuilder;
import com.astromkey.sandbox.images.PushedImage;
import com.astromkey.sandbox.images.TestImages;
import com.astromkey.sandbox.registry.LocalRegistry;
import com.astromkey.sandbox.registry.RegistryUser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Benchmark (profile {@code bench} only): pull + extract a ~200 MB, 3-layer image from the sandbox registry (TLS, Basic)
 * with our client, against {@code skopeo copy docker://… dir:} followed by {@code tar -xzf} of each layer. Writes the
 * figures to {@code registry/target/bench/pull-extract.md} for docs/performance.md.
 */
class PullExtractBench {

  static final int RUNS = Integer.getInteger("bench.runs", 5);
  static final int LAYER_MIB = Integer.getInteger("bench.layerMiB", 110);
  static final RegistryUser USER = RegistryUser.pushPull("bench", "bench-pass");

  @Test
  void pullAndExtractAgainstSkopeoPlusTar() throws Exception {
    Path work = Files.createTempDirectory("pull-extract-bench-");
    try (LocalRegistry registry = LocalRegistry.builder().basicAuth(USER).tls().start()) {
      PushedImage image = pushImage(registry, work);
      long imageBytes = image.layers().stream().mapToLong(d -> d.size()).sum();
      ImageReference ref = ImageReference.parse(image.reference());
      RegistryClient client = RegistryClient.builder()
          .keychain(Keychain.fromPullSecrets(List.of(secret(registry))))
          .trust(TrustConfig.withPem(Files.readString(registry.caPem())))
          .subtree("")
          .build();

      List<Long> ours = new ArrayList<>();
      List<Long> skopeo = new ArrayList<>();
      for (int run = 0; run < RUNS + 1; run++) {
        Path target = work.resolve("ours-" + run);
        long t0 = System.nanoTime();
        client.pullAndExtract(ref, Platform.LINUX_AMD64, target);
        long oursMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        LayerExtractor.deleteTree(target);

        long t1 = System.nanoTime();
        skopeoCopyAndUntar(registry, image, work.resolve("skopeo-" + run));
        long skopeoMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t1);
        LayerExtractor.deleteTree(work.resolve("skopeo-" + run));
        if (run > 0) { // run 0 warms the JIT, the page cache and the registry
          ours.add(oursMs);
          skopeo.add(skopeoMs);
        }
      }
      write(imageBytes, ours, skopeo);
    } finally {
      LayerExtractor.deleteTree(work);
    }
  }

  private static PushedImage pushImage(LocalRegistry registry, Path work) throws IOException {
    Random random = new Random(2026);
    List<LayerBuilder.LayerBlob> layers = new ArrayList<>();
    for (int l = 0; l < 3; l++) {
      LayerBuilder builder = LayerBuilder.create().dir("opt/").dir("opt/astromkey/").dir(TestImages.AGENT_ROOT);
      // 8 files per layer: half random (incompressible, like native libraries), half text-like
      for (int f = 0; f < 8; f++) {
        byte[] content = new byte[(LAYER_MIB << 20) / 8];
        if (f % 2 == 0) {
          random.nextBytes(content);
        } else {
          byte[] line = ("layer " + l + " file " + f + " some repetitive configuration text\n")
              .getBytes(StandardCharsets.UTF_8);
          for (int i = 0; i < content.length; i++) {
            content[i] = (byte) (line[i % line.length] ^ (random.nextInt(16) == 0 ? random.nextInt(64) : 0));
          }
        }
        builder.file(TestImages.AGENT_ROOT + "layer" + l + "/file" + f + ".bin", content, 0644);
      }
      layers.add(builder.writeTo(work.resolve("layer" + l + ".tar.gz")));
    }
    return new ImageFactory(registry).pushImage("bench/image", "1", ImageFormat.OCI, ImagePlatform.LINUX_AMD64, Map.of(),
        layers);
  }

  private static PullSecret secret(LocalRegistry registry) {
    String json = "{\"auths\":{\"" + registry.host() + "\":{\"username\":\"" + USER.name() + "\",\"password\":\""
        + USER.password() + "\"}}}";
    return PullSecret.of("bench", PullSecret.TYPE_DOCKER_CONFIG_JSON,
        Map.of(PullSecret.KEY_DOCKER_CONFIG_JSON, json.getBytes(StandardCharsets.UTF_8)));
  }

  private static void skopeoCopyAndUntar(LocalRegistry registry, PushedImage image, Path out) throws Exception {
    Path dir = out.resolve("dir");
    Path root = Files.createDirectories(out.resolve("root"));
    run(List.of("skopeo", "copy", "--src-creds", USER.colonForm(), "--src-cert-dir", registry.certDir().toString(),
        "docker://" + image.reference(), "dir:" + dir));
    for (var layer : image.layers()) {
      run(List.of("tar", "-xzf", dir.resolve(layer.digest().substring("sha256:".length())).toString(), "-C",
          root.toString()));
    }
  }

  private static void run(List<String> command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start();
    assertThat(p.waitFor(10, TimeUnit.MINUTES)).isTrue();
    assertThat(p.exitValue()).as(String.join(" ", command)).isZero();
  }

  private static void write(long imageBytes, List<Long> ours, List<Long> skopeo) throws IOException {
    double mb = imageBytes / 1e6;
    String report = "# Pull + extract benchmark\n\n"
        + "Generated by `mvn -B -o -pl domain,sandbox,registry -Pbench verify` (" + Instant.now() + ", "
        + Runtime.getRuntime().availableProcessors() + " CPUs, Java " + System.getProperty("java.version") + ").\n\n"
        + "Image: 3 gzip layers, " + String.format("%.1f", mb) + " MB compressed, sandbox registry on loopback "
        + "(TLS with the sandbox CA, Basic auth). " + RUNS + " measured runs after one warm-up; wall time per run.\n\n"
        + "| Client | median | min | max | MB/s (median) |\n|---|---|---|---|---|\n"
        + row("astromkey RegistryClient.pullAndExtract (streamed, sha256-verified)", ours, mb)
        + row("skopeo copy docker://… dir: + tar -xzf per layer", skopeo, mb)
        + "\nRuns (ms): ours " + ours + ", skopeo+tar " + skopeo + "\n";
    Path file = Path.of("target", "bench", "pull-extract.md");
    Files.createDirectories(file.getParent());
    Files.writeString(file, report);
    System.out.println(report);
  }

  private static String row(String name, List<Long> runs, double mb) {
    List<Long> sorted = new ArrayList<>(runs);
    Collections.sort(sorted);
    long median = sorted.get(sorted.size() / 2);
    return "| " + name + " | " + Duration.ofMillis(median).toMillis() + " ms | " + sorted.get(0) + " ms | "
        + sorted.get(sorted.size() - 1) + " ms | " + String.format("%.0f", mb / (median / 1000.0)) + " |\n";
  }
}
