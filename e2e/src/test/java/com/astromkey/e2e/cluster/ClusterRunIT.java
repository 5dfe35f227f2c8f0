package com.astromkey.e2e.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.astromkey.domain.dynakube.DynaKube;
import com.astromkey.domain.names.ObjectNames;
import com.astromkey.e2e.harness.E2eSandboxExtension;
import com.astromkey.e2e.sandbox.CustomerFlow;
import com.astromkey.e2e.sandbox.E2eSandbox;
import com.astromkey.e2e.sandbox.RepositoryRoot;
import com.astromkey.sandbox.tenant.TenantSimState;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.File;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/e2e-cluster}'s runner as a child JVM whose only way in is a kubeconfig file pointing at the sandbox's API server,
 * while this JVM runs our operator and webhook against that server (which calls the webhook on creates, as a cluster does).
 * The chart is the sandbox's (helm cannot talk to the mock server), hence {@code --skip-install}.
 */
class ClusterRunIT {
  private static final String APP_NAMESPACE = "astromkey-e2e-app";
  private static final String DK = "dynakube";

  @TempDir Path tmp;

  /** Exit code and output of one runner JVM. */
  record Run(int exit, String out, String err) {}

  @Test
  void runner_plays_the_page_through_a_kubeconfig() throws Exception {
    E2eSandboxExtension.requireDockerRegistry();
    try (E2eSandbox s = E2eSandbox.startAll(true, true, E2eSandbox::admissionInApiServer)) {
      KubernetesClient client = s.client();
      Path ca = Files.writeString(tmp.resolve("cas.pem"), Files.readString(s.registry().caPem()) + "\n" + s.tenant().caPem());
      Map<String, String> env = new HashMap<>(Map.of(
          "KUBECONFIG", kubeconfig(s.apiServerUrl()).toString(),
          "AK_E2E_REGISTRY", s.registry().host(),
          "AK_E2E_REGISTRY_USER", s.customer().name(),
          "AK_E2E_REGISTRY_PASSWORD", s.customer().password(),
          "AK_E2E_API_URL", s.tenant().apiUrl(),
          "AK_E2E_API_TOKEN", TenantSimState.DEFAULT_API_TOKEN,
          "AK_E2E_TRUSTED_CA_FILE", ca.toString(),
          "AK_E2E_APP_NAMESPACE", APP_NAMESPACE));

      // the mock server runs no workload controllers: play them while the runner waits, as CustomerFlow does for scenarios
      ScheduledExecutorService controllers = Executors.newSingleThreadScheduledExecutor();
      Run run;
      try {
        controllers.scheduleWithFixedDelay(() -> new CustomerFlow(s).markWorkloadsReady(DK), 500, 500, TimeUnit.MILLISECONDS);
        run = runner(env, "--skip-install", "--timeout=90");
      } finally {
        controllers.shutdownNow();
      }

      assertThat(run.exit()).as(run.out() + run.err()).isZero();
      List<String> lines = run.out().lines().toList();
      for (int step = 1; step <= ClusterRun.STEPS; step++) {
        String prefix = "[" + step + "/" + ClusterRun.STEPS + "] ";
        assertThat(lines).as("progress line " + step).anySatisfy(line -> assertThat(line).startsWith(prefix)
            .matches("\\[\\d/\\d\\] .+ … ok \\(\\d+\\.\\ds\\): .+"));
      }
      String image = s.registry().host() + "/astromkey/";
      assertThat(lines.subList(lines.indexOf("Summary:"), lines.size())).anySatisfy(l -> assertThat(l)
          .contains("DynaKube " + DK + ": phase Running", "oneAgent custom-image " + image + "astromkey-oneagent:",
              "activeGate custom-image " + image + "astromkey-activegate:", "codeModules custom-image " + image))
          .anySatisfy(l -> assertThat(l).contains("DaemonSet " + DK + "-oneagent: image " + image,
              "imagePullSecrets [my-registry-secret, " + DK + "-pull-secret]"))
          .anySatisfy(l -> assertThat(l).contains("StatefulSet " + DK + "-activegate: image " + image))
          .anySatisfy(l -> assertThat(l).contains("namespace " + APP_NAMESPACE + " labelled", "injected=true delivery=csi",
              "init image " + s.chart().operatorImage()));
      assertThat(run.out() + run.err()).as("no secret value is printed")
          .doesNotContain(s.customer().password(), TenantSimState.DEFAULT_API_TOKEN);

      // the clean-up removed what the runner created, and only that (my-registry-secret was there before)
      assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("Cleaned up: ").contains("DynaKube " + DK,
          "namespace " + APP_NAMESPACE, "ConfigMap " + ClusterRun.TRUSTED_CAS, "Secret " + DK));
      assertThat(client.resources(DynaKube.class).inNamespace(E2eSandbox.NAMESPACE).withName(DK).get()).isNull();
      assertThat(client.namespaces().withName(APP_NAMESPACE).get()).isNull();
      assertThat(client.configMaps().inNamespace(E2eSandbox.NAMESPACE).withName(ClusterRun.TRUSTED_CAS).get()).isNull();
      assertThat(client.secrets().inNamespace(E2eSandbox.NAMESPACE).withName(DK).get()).isNull();
      assertThat(client.secrets().inNamespace(E2eSandbox.NAMESPACE).withName(E2eSandbox.CUSTOM_PULL_SECRET).get()).isNotNull();
    }
  }

  @Test
  void runner_against_a_cluster_without_the_chart_fails_with_one_line() throws Exception {
    KubernetesMockServer server = bareApiServer();
    try (KubernetesClient client = server.createClient()) {
      Run run = runner(bareEnv(client), "--skip-install", "--timeout=5");

      assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(1);
      assertThat(run.out()).contains("[3/" + ClusterRun.STEPS + "] … FAILED");
      assertThat(run.err().lines().toList()).filteredOn(l -> l.startsWith("e2e-cluster failed")).singleElement().asString()
          .isEqualTo("e2e-cluster failed in step 3: Deployment astromkey/" + ObjectNames.OPERATOR_DEPLOYMENT
              + " not found: install the chart first or drop --skip-install");
      assertThat(run.out() + run.err()).doesNotContain("not-printed-password", "not-printed-token");
      // it created namespace astromkey and both Secrets, and removed them again
      assertThat(client.namespaces().withName(E2eSandbox.NAMESPACE).get()).isNull();
      assertThat(client.secrets().inAnyNamespace().list().getItems()).isEmpty();
    } finally {
      server.destroy();
    }
  }

  @Test
  void runner_with_keep_leaves_what_it_created() throws Exception {
    KubernetesMockServer server = bareApiServer();
    try (KubernetesClient client = server.createClient()) {
      Run run = runner(bareEnv(client), "--skip-install", "--keep", "--timeout=5");

      assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(1);
      assertThat(run.out().lines().toList()).contains("Kept (--keep): Secret " + DK + ", Secret " + E2eSandbox.CUSTOM_PULL_SECRET
          + ", namespace " + E2eSandbox.NAMESPACE).noneMatch(l -> l.startsWith("Cleaned up"));
      assertThat(client.namespaces().withName(E2eSandbox.NAMESPACE).get()).isNotNull();
      assertThat(client.secrets().inNamespace(E2eSandbox.NAMESPACE).list().getItems()).extracting(sec -> sec.getMetadata().getName())
          .containsExactlyInAnyOrder(DK, E2eSandbox.CUSTOM_PULL_SECRET);
    } finally {
      server.destroy();
    }
  }

  /** An API server with nothing installed. */
  private static KubernetesMockServer bareApiServer() throws Exception {
    KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
        new KubernetesCrudDispatcher(List.of()), false);
    server.init(InetAddress.getLoopbackAddress(), 0);
    return server;
  }

  private Map<String, String> bareEnv(KubernetesClient client) throws Exception {
    return new HashMap<>(Map.of("KUBECONFIG", kubeconfig(client.getMasterUrl().toString()).toString(),
        "AK_E2E_REGISTRY", "registry.example.invalid:5000", "AK_E2E_REGISTRY_USER", "puller",
        "AK_E2E_REGISTRY_PASSWORD", "not-printed-password", "AK_E2E_API_URL", "https://tenant.example.invalid/api",
        "AK_E2E_API_TOKEN", "not-printed-token"));
  }

  /** A kubeconfig file for the mock API server (plain HTTP on loopback; the token is never checked there). */
  private Path kubeconfig(String server) throws Exception {
    return Files.writeString(tmp.resolve("kubeconfig-" + System.nanoTime()), """
        apiVersion: v1
        kind: Config
        clusters:
        - name: sandbox
          cluster:
            server: %s
        users:
        - name: sandbox
          user:
            token: sandbox-token
        contexts:
        - name: sandbox
          context:
            cluster: sandbox
            user: sandbox
            namespace: default
        current-context: sandbox
        """.formatted(server), StandardCharsets.UTF_8);
  }

  /** The runner as {@code bin/e2e-cluster} starts it, with only {@code env} added to this JVM's environment. */
  private Run runner(Map<String, String> env, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-D" + RepositoryRoot.PROPERTY + "=" + RepositoryRoot.find(), "-cp", classPath(), ClusterRun.class.getName()));
    command.addAll(List.of(args));
    Path out = tmp.resolve("run-" + System.nanoTime() + ".out");
    Path err = tmp.resolve("run-" + System.nanoTime() + ".err");
    ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
    builder.environment().keySet().removeIf(k -> k.equals("KUBECONFIG") || k.startsWith("AK_E2E_") || k.equals("AK_HELM"));
    builder.environment().putAll(env);
    Process process = builder.start();
    if (!process.waitFor(3, TimeUnit.MINUTES)) {
      process.destroyForcibly().waitFor();
      throw new AssertionError("the runner did not end within 3 minutes: " + Files.readString(out));
    }
    Run run = new Run(process.exitValue(), Files.readString(out), Files.readString(err));
    // the runner's own progress lines, with their timings, in the test log
    System.out.print(run.out());
    return run;
  }

  private static String classPath() {
    String path = System.getProperty("surefire.test.class.path");
    return path != null && !path.isBlank() ? path : System.getProperty("java.class.path").replace(";", File.pathSeparator);
  }
}
