package com.astromkey.packaging.image;

import static org.assertj.core.api.Assertions.assertThat;

import com.astromkey.launcher.Main;
import com.astromkey.sandbox.registry.LocalRegistry;
import com.astromkey.sandbox.registry.RegistryUser;
import com.astromkey.sandbox.registry.RequiresDockerRegistry;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.cloud.tools.jib.api.Credential;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Builds the operator image twice with jib-core on a synthetic two-platform base in the sandbox registry (TLS, Basic auth) and
 * checks the result with skopeo (helm-and-image.md §6.1, §7).
 */
@RequiresDockerRegistry
class OperatorImageIT {
  static final ObjectMapper JSON = new ObjectMapper();
  static final RegistryUser BUILDER = RegistryUser.pushPull("builder", "builder-pass");
  static final Path APP = Path.of("target/app");
  static final String REVISION = "0123456789abcdef0123456789abcdef01234567";
  static final String SOURCE = "https://example.invalid/astromkey-operator";
  static final List<String> ARCHES = List.of("amd64", "arm64");

  static LocalRegistry registry;
  static SSLContext previousDefault;
  static Skopeo skopeo;
  static OperatorImageBuilder.Built first;
  static OperatorImageBuilder.Built second;

  @BeforeAll
  static void buildTwice(@TempDir Path work) throws Exception {
    Skopeo.require();
    registry = LocalRegistry.builder().basicAuth(BUILDER).tls().start();
    // jib's HTTP client takes the JVM default SSL context; it has to trust the sandbox CA
    previousDefault = SSLContext.getDefault();
    SSLContext.setDefault(registry.clientSslContext());
    skopeo = new Skopeo(registry.certDir(), BUILDER.colonForm());
    Files.createDirectories(work.resolve("base"));
    String base = SyntheticBase.push(registry.reference("test/jre-base", "17"), BUILDER.name(), BUILDER.password(), work.resolve("base"));
    first = build(base, "v" + Main.VERSION, work.resolve("cache-1"));
    // a separate cache: the second build reuses nothing but the inputs
    second = build(base, "v" + Main.VERSION + "-rebuild", work.resolve("cache-2"));
  }

  static OperatorImageBuilder.Built build(String base, String tag, Path cache) throws Exception {
    Credential credential = Credential.from(BUILDER.name(), BUILDER.password());
    return OperatorImageBuilder.build(new OperatorImageBuilder.Request(base, credential,
        registry.reference("astromkey/astromkey-operator", tag), credential, APP, Main.VERSION, REVISION, SOURCE, cache, false));
  }

  @AfterAll
  static void close() {
    if (previousDefault != null) {
      SSLContext.setDefault(previousDefault);
    }
    if (registry != null) {
      registry.close();
    }
  }

  static JsonNode json(String text) throws IOException {
    return JSON.readTree(text);
  }

  @Test
  void isADockerManifestListOfExactlyAmd64AndArm64() throws Exception {
    String raw = skopeo.raw(first.reference(), null);
    JsonNode list = json(raw);
    assertThat(list.path("mediaType").asText()).isEqualTo("application/vnd.docker.distribution.manifest.list.v2+json");
    List<String> platforms = new ArrayList<>();
    for (JsonNode m : list.path("manifests")) {
      platforms.add(m.at("/platform/os").asText() + "/" + m.at("/platform/architecture").asText());
      assertThat(m.path("mediaType").asText()).isEqualTo("application/vnd.docker.distribution.manifest.v2+json");
    }
    assertThat(platforms).containsExactly("linux/amd64", "linux/arm64");
    assertThat(sha256(raw)).isEqualTo(first.digest());
  }

  @Test
  void twoBuildsOfTheSameInputsHaveTheSameDigest() {
    assertThat(second.digest()).isEqualTo(first.digest());
    assertThat(skopeo.raw(second.reference(), null)).isEqualTo(skopeo.raw(first.reference(), null));
  }

  @Test
  void applicationLayersAreIdenticalOnBothPlatforms() throws Exception {
    List<List<String>> appLayers = new ArrayList<>();
    String repository = first.reference().substring(0, first.reference().lastIndexOf(':'));
    JsonNode list = json(skopeo.raw(first.reference(), null));
    for (String arch : ARCHES) {
      // --raw never resolves a platform: follow the list entry of this architecture
      String digest = null;
      for (JsonNode m : list.path("manifests")) {
        if (arch.equals(m.at("/platform/architecture").asText())) {
          digest = m.path("digest").asText();
        }
      }
      List<String> layers = json(skopeo.raw(repository + "@" + digest, null)).path("layers").findValuesAsText("digest");
      assertThat(layers).as(arch).hasSize(3);
      appLayers.add(layers.subList(1, 3));
    }
    assertThat(appLayers.get(1)).isEqualTo(appLayers.get(0));
  }

  @Test
  void entrypointUserAndLabelsOnEveryPlatform() throws Exception {
    for (String arch : ARCHES) {
      JsonNode config = json(skopeo.config(first.reference(), arch));
      assertThat(config.path("architecture").asText()).isEqualTo(arch);
      assertThat(config.path("os").asText()).isEqualTo("linux");
      assertThat(config.path("created").asText()).startsWith("1970-01-01T00:00:00");
      JsonNode c = config.path("config");
      assertThat(c.path("Entrypoint").toString()).isEqualTo("[\"java\",\"-cp\",\"/app/libs/*:/app/lib/*\",\"com.astromkey.launcher.Main\"]");
      assertThat(c.path("Cmd").toString()).isEqualTo("[\"operator\"]");
      assertThat(c.path("User").asText()).isEqualTo("1001:1001");
      assertThat(c.path("WorkingDir").asText()).isEqualTo("/");
      Map<String, String> labels = new TreeMap<>();
      c.path("Labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
      assertThat(labels).isEqualTo(Map.of(
          "org.opencontainers.image.title", "astromkey-operator",
          "org.opencontainers.image.version", Main.VERSION,
          "org.opencontainers.image.revision", REVISION,
          "org.opencontainers.image.source", SOURCE,
          "com.astromkey.build-version", Main.VERSION));
      // the base's environment is kept: java is found through the base's PATH
      assertThat(c.path("Env").toString()).contains("JAVA_HOME=/opt/java");
    }
  }

  @Test
  void layersHoldTheRuntimeJarsOnlyWithFixedTimes(@TempDir Path dir) throws Exception {
    skopeo.copyToDir(first.reference(), "arm64", dir);
    JsonNode manifest = json(Files.readString(dir.resolve("manifest.json")));
    List<String> layers = manifest.path("layers").findValuesAsText("digest");
    Map<String, TarArchiveEntry> libs = entries(dir.resolve(layers.get(1).substring("sha256:".length())));
    Map<String, TarArchiveEntry> lib = entries(dir.resolve(layers.get(2).substring("sha256:".length())));
    assertThat(files(libs, "/app/libs/")).containsExactlyElementsOf(jarNames(APP.resolve("libs")));
    assertThat(files(lib, "/app/lib/")).containsExactlyElementsOf(jarNames(APP.resolve("lib")));
    assertThat(files(lib, "/app/lib/")).contains("astromkey-packaging-" + Main.VERSION + ".jar", "astromkey-domain-" + Main.VERSION + ".jar");
    assertThat(files(libs, "/app/libs/")).noneMatch(n -> n.startsWith("astromkey-"))
        .noneMatch(n -> OperatorImage.BUILD_TIME_JAR_PREFIXES.stream().anyMatch(n::startsWith));
    for (Map<String, TarArchiveEntry> layer : List.of(libs, lib)) {
      assertThat(layer.values()).allSatisfy(e -> {
        assertThat(e.getModTime().getTime()).as(e.getName()).isEqualTo(1000L);
        assertThat(e.getLongUserId()).as(e.getName()).isZero();
      });
    }
  }

  static Map<String, TarArchiveEntry> entries(Path gzippedTar) throws IOException {
    Map<String, TarArchiveEntry> out = new TreeMap<>();
    try (InputStream in = Files.newInputStream(gzippedTar);
        TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(in))) {
      for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
        out.put("/" + e.getName().replaceFirst("^\\./", "").replaceFirst("^/", ""), e);
      }
    }
    return out;
  }

  static List<String> files(Map<String, TarArchiveEntry> entries, String dir) {
    return entries.entrySet().stream().filter(e -> e.getValue().isFile()).map(Map.Entry::getKey)
        .peek(name -> assertThat(name).startsWith(dir)).map(name -> name.substring(dir.length())).sorted().toList();
  }

  static List<String> jarNames(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".jar")).sorted().toList();
    }
  }

  static String sha256(String text) throws Exception {
    return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
  }
}
