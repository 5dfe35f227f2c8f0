package com.astromkey.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.astromkey.domain.dynakube.DynaKube;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The built launcher script and runtime layout, run as a user runs them (after {@code mvn package}). */
class LauncherScriptIT {
  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  static final Path APP = Path.of("target/app");

  record Result(int code, String out, String err) {}

  static Result run(String... command) throws IOException, InterruptedException {
    return run(Map.of(), command);
  }

  static Result run(Map<String, String> env, String... command) throws IOException, InterruptedException {
    Path outFile = Files.createTempFile("launcher", ".out");
    Path errFile = Files.createTempFile("launcher", ".err");
    try {
      ProcessBuilder builder = new ProcessBuilder(command).directory(ROOT.toFile())
          .redirectOutput(outFile.toFile()).redirectError(errFile.toFile());
      builder.environment().putAll(env);
      Process p = builder.start();
      assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("%s finished", List.of(command)).isTrue();
      return new Result(p.exitValue(), Files.readString(outFile), Files.readString(errFile));
    } finally {
      Files.deleteIfExists(outFile);
      Files.deleteIfExists(errFile);
    }
  }

  @Test
  void helpAndUsageExitCodes() throws Exception {
    Result help = run("bin/astromkey-operator", "--help");
    assertThat(help.code()).isZero();
    for (String mode : MainTest.ALL_MODES) {
      assertThat(help.out()).contains("  " + mode + " ");
    }
    assertThat(run("bin/astromkey-operator").code()).isEqualTo(2);
    Result unknown = run("bin/astromkey-operator", "nonsense");
    assertThat(unknown.code()).isEqualTo(2);
    assertThat(unknown.err()).contains("unknown mode 'nonsense'");
  }

  @Test
  void theVersionIsReadFromOurOwnJar() throws Exception {
    Result version = run("bin/astromkey-operator", "--version");
    assertThat(version.code()).isZero();
    assertThat(version.out().strip()).isEqualTo("astromkey-operator " + projectVersion());
  }

  /** The version Maven built, from the name of our jar in target/app/lib. */
  private static String projectVersion() throws IOException {
    try (Stream<Path> jars = Files.list(APP.resolve("lib"))) {
      String jar = jars.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("astromkey-packaging-")).findFirst()
          .orElseThrow();
      return jar.substring("astromkey-packaging-".length(), jar.length() - ".jar".length());
    }
  }

  @Test
  void everyBuiltModeStartsFromTheScriptAndAnswersHelp() throws Exception {
    for (String mode : List.of("operator", "webhook", "csi-server", "csi-provisioner", "csi-registrar", "csi-liveness", "csi-init", "bootstrap", "troubleshoot", "mirror", "verify", "validate")) {
      Result r = run("bin/astromkey-operator", mode, "--help");
      assertThat(r.code()).as(mode + ": " + r.err()).isZero();
      assertThat(r.err()).as(mode + ": SLF4J finds the provider the launcher names").doesNotContain("SLF4J");
      assertThat(r.out() + r.err()).as(mode).containsIgnoringCase("usage").contains(mode);
    }
  }

  @Test
  void troubleshootRunsFromTheScriptAgainstTheApiServerOfKubeconfig() throws Exception {
    KubernetesMockServer api = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
        new KubernetesCrudDispatcher(List.of()), false);
    api.init(InetAddress.getLoopbackAddress(), 0);
    Path kubeconfig = Files.createTempFile("kubeconfig", ".yaml");
    try (KubernetesClient client = api.createClient()) {
      try (InputStream crd = DynaKube.class.getResourceAsStream("/META-INF/fabric8/dynakubes.astromkey.com-v1.yml")) {
        client.resource(client.getKubernetesSerialization().unmarshal(crd, CustomResourceDefinition.class)).create();
      }
      client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("astromkey").endMetadata().build())
          .create();
      DynaKube dk = new DynaKube();
      dk.getMetadata().setName("placeholder");
      dk.getSpec().setApiUrl("https://ENVIRONMENTID.live.astromkey.com/api");
      client.resources(DynaKube.class).inNamespace("astromkey").resource(dk).create();
      Files.writeString(kubeconfig, "apiVersion: v1\nkind: Config\nclusters:\n- name: mock\n  cluster: {server: \"http://127.0.0.1:"
          + api.getPort() + "\"}\nusers:\n- name: mock\n  user: {token: none}\ncontexts:\n- name: mock\n"
          + "  context: {cluster: mock, user: mock}\ncurrent-context: mock\n");

      Result r = run(Map.of("KUBECONFIG", kubeconfig.toString()), "bin/astromkey-operator", "troubleshoot");

      assertThat(r.code()).as(r.out() + r.err()).isEqualTo(1);
      assertThat(r.out()).contains("[PASS] CRD: dynakubes.astromkey.com serves v1beta5")
          .contains("[PASS] DynaKube: 1 found: placeholder")
          .contains("[FAIL] validation: [AKV-010]")
          .contains("[FAIL] tokens: ")
          .contains("[WARN] operator image: AK_OPERATOR_IMAGE is not set");
    } finally {
      api.destroy();
      Files.deleteIfExists(kubeconfig);
    }
  }

  @Test
  void validateRunsFromTheScript() throws Exception {
    Result r = run("bin/astromkey-operator", "validate", "-f", "docs/examples/dynakube-cloudnative-private-registry.yaml");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("is valid").contains("[AKW-003]");
  }

  @Test
  void validateExamplesScriptChecksTheCustomerExamples() throws Exception {
    Result r = run("bin/validate-examples");
    assertThat(r.code()).as(r.out() + r.err()).isZero();
    assertThat(r.out()).contains("[AKW-001]").contains("Summary:");
  }

  @Test
  void runtimeLayoutCarriesNoBuildTooling() throws Exception {
    List<Path> jars;
    try (Stream<Path> s = Stream.concat(Files.list(APP.resolve("libs")), Files.list(APP.resolve("lib")))) {
      jars = s.filter(p -> p.toString().endsWith(".jar")).toList();
    }
    assertThat(jars).extracting(p -> p.getFileName().toString())
        .contains("astromkey-domain-" + Main.VERSION + ".jar", "astromkey-packaging-" + Main.VERSION + ".jar")
        .noneMatch(n -> n.startsWith("jib-") || n.startsWith("google-http-client") || n.startsWith("crd-generator")
            || n.startsWith("astromkey-sandbox") || n.startsWith("junit"));
    for (Path jar : jars) {
      try (JarFile jf = new JarFile(jar.toFile())) {
        assertThat(jf.stream().map(e -> e.getName()))
            .as(jar.toString())
            .noneMatch(n -> n.startsWith("com/google/cloud/tools/jib/") || n.startsWith("com/google/api/client/http/")
                || n.startsWith("io/fabric8/crd/generator/v1/") || n.startsWith("io/fabric8/crdv2/generator/"));
      }
    }
  }

  @Test
  void scriptExplainsAMissingBuild() throws Exception {
    Path copy = Files.createTempDirectory("no-build");
    try {
      Files.createDirectories(copy.resolve("bin"));
      Files.copy(ROOT.resolve("bin/astromkey-operator"), copy.resolve("bin/astromkey-operator"));
      Process p = new ProcessBuilder(copy.resolve("bin/astromkey-operator").toString(), "--help").redirectErrorStream(true).start();
      String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor()).isEqualTo(1);
      assertThat(text).contains("not built yet; run 'mvn -B -DskipTests package'");
    } finally {
      try (Stream<Path> s = Files.walk(copy)) {
        s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
