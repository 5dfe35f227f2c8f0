package com.astromkey.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.astromkey.domain.names.ReleaseArtifacts;
import com.astromkey.sandbox.images.ImageFactory;
import com.astromkey.sandbox.images.ImageFormat;
import com.astromkey.sandbox.images.ImagePlatform;
import com.astromkey.sandbox.images.LayerBuilder;
import com.astromkey.sandbox.images.PushedIndex;
import com.astromkey.sandbox.images.SigningKey;
import com.astromkey.sandbox.images.TestImages;
import com.astromkey.sandbox.registry.LocalRegistry;
import com.astromkey.sandbox.registry.RegistryUser;
import com.astromkey.sandbox.registry.RequiresDockerRegistry;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code bin/astromkey-operator}'s tool modes with the class-data archive the build dumps (ADR 0010): a release mirror and a
 * verify between two sandbox registries map their classes from it, the committed class list still covers what they load,
 * and an archive older than a jar or dumped by another JVM is not offered to the JVM.
 */
@RequiresDockerRegistry
class ToolsClassDataArchiveIT {
  static final Path LAUNCHER = Path.of("..", "bin", "astromkey-operator").toAbsolutePath().normalize();
  static final Path APP = Path.of("target", "app").toAbsolutePath();
  static final Path CLASS_LIST = Path.of("src", "main", "cds", "tools.classlist");
  /** {@code -Dcds.classlist.update=true} rewrites {@link #CLASS_LIST} from this test's training runs. */
  static final String UPDATE_PROPERTY = "cds.classlist.update";
  /** Share of the non-JDK classes a tool run loads that may be missing from the list before it counts as stale. */
  static final double STALE_SHARE = 0.05;
  static final String VERSION = "1.4.0";
  static final String AGENT_VERSION = "1.301.0";
  static final SigningKey KEY = SigningKey.generate("release");

  static LocalRegistry source;
  static LocalRegistry destination;

  @TempDir
  static Path dir;

  @BeforeAll
  static void publishARelease() throws IOException {
    source = LocalRegistry.builder().basicAuth(RegistryUser.pushPull("publisher", "publisher-pass")).tls().start();
    destination = LocalRegistry.builder().tokenAuth(RegistryUser.pushPull("airgap", "airgap-pass")).tls().start();
    ImageFactory factory = new ImageFactory(source);
    String chart = ReleaseArtifacts.CHART;
    factory.signatures().signLegacy("astromkey/" + chart, factory.pushHelmChart("astromkey/" + chart, "astromkey-operator",
        VERSION, "chart-bytes".getBytes(StandardCharsets.UTF_8)).digest(), KEY);
    push(factory, ReleaseArtifacts.OPERATOR_IMAGE, ReleaseArtifacts.operatorTag(VERSION), ImageFormat.DOCKER);
    for (String agent : ReleaseArtifacts.AGENT_IMAGES) {
      push(factory, agent, AGENT_VERSION, ImageFormat.OCI);
    }
    KEY.writePublicKeyPem(dir.resolve("release.pub"));
    ObjectMapper json = new ObjectMapper();
    ObjectNode auths = json.createObjectNode();
    for (LocalRegistry r : List.of(source, destination)) {
      auths.setAll((ObjectNode) json.readTree(r.dockerConfigJson(r.credentials())).path("auths"));
    }
    Files.writeString(dir.resolve("config.json"), json.createObjectNode().set("auths", auths).toString());
  }

  @AfterAll
  static void stop() {
    source.close();
    destination.close();
  }

  @Test
  void aReleaseMirrorAndAVerifyRunFromTheArchiveAndTheClassListStillCoversThem() throws Exception {
    assertThat(APP.resolve("tools.jsa")).as("dumped by 'mvn package' (exec tools-class-data-archive)").isRegularFile();
    Path mirrorClasses = dir.resolve("mirror.classlist");
    Path mirrorLoads = dir.resolve("mirror-class-load.log");
    String out = run(LAUNCHER, List.of("mirror", "--release", VERSION, "--agent-version", AGENT_VERSION, "--src-prefix",
        source.host() + "/astromkey", "--dst", destination.host() + "/air-gapped/astromkey", "--creds", config(),
        "--ca-file", source.caPem().toString(), "--ca-file", destination.caPem().toString()), training(mirrorClasses,
        mirrorLoads));
    assertThat(out.lines().filter(l -> l.startsWith("{"))).as(out).hasSize(1 + 1 + ReleaseArtifacts.AGENT_IMAGES.size());

    Path verifyClasses = dir.resolve("verify.classlist");
    Path verifyLoads = dir.resolve("verify-class-load.log");
    run(LAUNCHER, List.of("verify", "--image", destination.host() + "/air-gapped/astromkey/" + ReleaseArtifacts.OPERATOR_IMAGE
        + ":" + ReleaseArtifacts.operatorTag(VERSION), "--key", dir.resolve("release.pub").toString(), "--creds", config(),
        "--ca-file", destination.caPem().toString()), training(verifyClasses, verifyLoads));

    List<String> trained = union(mirrorClasses, verifyClasses);
    if (Boolean.getBoolean(UPDATE_PROPERTY)) {
      // the archive of this build still holds the old list; the next 'mvn package' dumps the new one
      Files.write(CLASS_LIST, trained);
    } else {
      assertLoadedFrom(mirrorLoads, "shared objects file", "com.astromkey.oci.mirror.ImageMirror",
          "com.astromkey.oci.transport.Http1Client", "io.netty.handler.ssl.ReferenceCountedOpenSslEngine");
      assertLoadedFrom(verifyLoads, "shared objects file", "com.astromkey.oci.verify.SignatureVerifier");
    }
    Set<String> committed = new LinkedHashSet<>(Files.readAllLines(CLASS_LIST));
    List<String> outside = trained.stream().filter(ToolsClassDataArchiveIT::outsideTheJdk).toList();
    List<String> missing = outside.stream().filter(c -> !committed.contains(c)).toList();
    assertThat((double) missing.size()).as("%s is stale: %d of the %d non-JDK classes a mirror and a verify load are not in it "
        + "(%s); regenerate it with mvn -B -pl packaging -am verify -Dit.test=%s -D%s=true", CLASS_LIST, missing.size(),
        outside.size(), missing, getClass().getSimpleName(), UPDATE_PROPERTY).isLessThanOrEqualTo(outside.size() * STALE_SHARE);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"a jar newer than the archive", "another JVM than the one that dumped it"})
  void anArchiveTheJvmWouldRefuseIsNotOfferedSoTheJvmKeepsItsDefaultOne(String why, @TempDir Path tree) throws Exception {
    Path launcher = Files.createDirectories(tree.resolve("bin")).resolve("astromkey-operator");
    Files.copy(LAUNCHER, launcher, StandardCopyOption.COPY_ATTRIBUTES);
    Path app = tree.resolve("packaging/target/app");
    List<Path> copied = new ArrayList<>();
    for (String layer : List.of("libs", "lib")) {
      Files.createDirectories(app.resolve(layer));
      try (Stream<Path> jars = Files.list(APP.resolve(layer))) {
        for (Path jar : jars.toList()) {
          copied.add(Files.copy(jar, app.resolve(layer).resolve(jar.getFileName()), StandardCopyOption.COPY_ATTRIBUTES));
        }
      }
    }
    for (String file : List.of("tools.jsa", "tools.jvm")) {
      Files.copy(APP.resolve(file), app.resolve(file), StandardCopyOption.COPY_ATTRIBUTES);
    }
    if (why.startsWith("a jar")) {
      Files.setLastModifiedTime(copied.get(copied.size() - 1), FileTime.from(Instant.now().plusSeconds(60)));
    } else {
      Files.writeString(app.resolve("tools.jvm"), tree.resolve("other-jdk") + "\n");
    }

    Path loads = tree.resolve("class-load.log");
    run(launcher, List.of("mirror", "--help"), Map.of("ASTROMKEY_JAVA_OPTS", "-Xlog:class+load:file=" + loads));
    // offered, the archive would be refused here (other path as well) and take the JDK's default archive with it
    assertLoadedFrom(loads, "shared objects file", "java.lang.Object");
    assertLoadedFrom(loads, "file:", "com.astromkey.launcher.Main");
  }

  /** Each class's line of a {@code -Xlog:class+load} file names {@code source} (without quoting thousands of lines). */
  private static void assertLoadedFrom(Path log, String source, String... classes) throws IOException {
    List<String> lines = Files.readAllLines(log);
    for (String name : classes) {
      assertThat(lines.stream().filter(l -> l.contains("] " + name + " source: ")).findFirst())
          .as("%s in %s", name, log).hasValueSatisfying(l -> assertThat(l).contains("source: " + source));
    }
  }

  private static void push(ImageFactory factory, String image, String tag, ImageFormat format) {
    Map<ImagePlatform, List<? extends LayerBuilder.LayerBlob>> platforms = new LinkedHashMap<>();
    for (ImagePlatform p : List.of(ImagePlatform.LINUX_AMD64, ImagePlatform.LINUX_ARM64)) {
      platforms.put(p, List.of(TestImages.codeModules(tag, p).build()));
    }
    PushedIndex index = factory.pushIndex("astromkey/" + image, tag, format, platforms, TestImages.labels(tag), false);
    factory.signatures().signLegacy(index.repository(), index.digest(), KEY);
  }

  private static String config() {
    return dir.resolve("config.json").toString();
  }

  private static Map<String, String> training(Path classList, Path loads) {
    return Map.of("ASTROMKEY_JAVA_OPTS", "-XX:DumpLoadedClassList=" + classList + " -Xlog:class+load:file=" + loads);
  }

  /** Runs the launcher to its end ({@link LauncherScriptIT#run}); its exit code must be 0. Returns stdout and stderr. */
  private static String run(Path launcher, List<String> args, Map<String, String> environment) throws Exception {
    List<String> command = new ArrayList<>(List.of(launcher.toString()));
    command.addAll(args);
    LauncherScriptIT.Result result = LauncherScriptIT.run(environment, command.toArray(String[]::new));
    assertThat(result.code()).as("%s:%n%s%s", command, result.out(), result.err()).isZero();
    return result.out() + result.err();
  }

  /** The lines of both lists, each once, in the order first seen (the JVM's header comment kept from the first). */
  private static List<String> union(Path first, Path second) throws IOException {
    Set<String> lines = new LinkedHashSet<>(Files.readAllLines(first));
    lines.addAll(Files.readAllLines(second).stream().filter(l -> !l.startsWith("#")).toList());
    return List.copyOf(lines);
  }

  /** A class line of the list (not a comment or {@code @} directive) whose class the JDK does not have. */
  private static boolean outsideTheJdk(String line) {
    if (line.isBlank() || line.startsWith("#") || line.startsWith("@")) {
      return false;
    }
    String name = line.split(" ", 2)[0];
    return ClassLoader.getPlatformClassLoader().getResource(name + ".class") == null;
  }
}
