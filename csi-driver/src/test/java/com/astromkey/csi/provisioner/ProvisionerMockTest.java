package com.astromkey.csi.provisioner;

import static com.astromkey.csi.provisioner.ProvisionerHarness.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.astromkey.domain.dynakube.DynaKube;
import com.astromkey.sandbox.tenant.TenantSimState;
import com.astromkey.sandbox.tenant.TenantSimulator;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The provisioner against fabric8's mock API server (CRUD): DynaKubes and Secrets drive it; a Secret created after a
 * failure is picked up at once instead of after the backoff; a deleted DynaKube loses its link.
 */
@EnableKubernetesMockClient(crud = true)
class ProvisionerMockTest {
  static final String VERSION = "1.301.0.20240915-120000";
  KubernetesClient client;
  @TempDir Path tmp;
  private TenantSimulator tenant;
  private ProvisionerHarness harness;

  @BeforeEach
  void start() throws Exception {
    ProvisionerHarness.prepareCluster(client);
    tenant = TenantSimulator.startHttp();
    harness = ProvisionerHarness.start(client, tmp.resolve("data"), Duration.ofMinutes(30), Optional.empty());
  }

  @AfterEach
  void stop() {
    harness.close();
    tenant.close();
  }

  private DynaKube zipDynaKube(String name) {
    return DynaKubeFixtures.load("dynakube-applicationmonitoring-zip",
        Map.of("NAME", name, "API_URL", tenant.apiUrl(), "VERSION", VERSION));
  }

  @Test
  void tokensSecretCreatedAfterTheFailureIsPickedUpWithoutWaitingOutTheBackoff() throws Exception {
    harness.create(zipDynaKube("late-secret"));

    await("a pull-failed event naming the tokens Secret", () -> harness.events("late-secret").stream()
        .anyMatch(e -> e.getReason().equals("CodeModulesPullFailed") && e.getMessage().contains("tokens Secret late-secret")));
    assertThat(harness.layout.codemodule(VERSION)).doesNotExist();

    client.secrets().resource(DynaKubeFixtures.tokensSecret("late-secret", TenantSimState.DEFAULT_API_TOKEN)).create();

    // the backoff after the first failure is a minute; the Secret event retries at once
    await("the zip install", () -> harness.cache.isInstalled(VERSION));
    await("the latest link", () -> latest("late-secret").equals(Optional.of(VERSION)));
    assertThat(harness.layout.codemodule(VERSION).resolve("agent/lib64/liboneagentproc.so")).content().contains(VERSION);
    assertThat(harness.layout.codemodule(VERSION).resolve("agent/arch")).content().contains("x86_64");
    assertThat(harness.layout.dynakube("late-secret").resolve("osagent")).doesNotExist();
    assertThat(tenant.requests(".*/installer/agent/unix/paas/version/.*")).singleElement().satisfies(r -> {
      assertThat(r.queryValue("arch")).isEqualTo("x86");
      assertThat(r.queryValue("flavor")).isEqualTo("multidistro");
    });
    await("an installed event", () -> harness.events("late-secret").stream()
        .anyMatch(e -> e.getReason().equals("CodeModulesInstalled") && e.getType().equals("Normal")));
    Event installed = harness.events("late-secret").stream().filter(e -> e.getReason().equals("CodeModulesInstalled"))
        .findFirst().orElseThrow();
    assertThat(installed.getMessage()).startsWith("node node-a: code modules version " + VERSION + " installed as " + VERSION);
    assertThat(installed.getInvolvedObject().getKind()).isEqualTo("DynaKube");
  }

  @Test
  void twoDynaKubesOfOneVersionShareOneDownloadAndADeletedOneLosesItsLink() throws Exception {
    client.secrets().resource(DynaKubeFixtures.tokensSecret("first", TenantSimState.DEFAULT_API_TOKEN)).create();
    client.secrets().resource(DynaKubeFixtures.tokensSecret("second", TenantSimState.DEFAULT_API_TOKEN)).create();
    harness.create(zipDynaKube("first"));
    harness.create(zipDynaKube("second"));

    await("both links", () -> latest("first").isPresent() && latest("second").isPresent());
    assertThat(latest("first")).isEqualTo(latest("second"));
    assertThat(tenant.count(".*/installer/agent/unix/paas/version/.*")).isEqualTo(1);

    client.resources(DynaKube.class).inNamespace(DynaKubeFixtures.NAMESPACE).withName("first").delete();
    await("the deleted DynaKube's link to go", () -> !Files.exists(harness.layout.latestLink("first"),
        java.nio.file.LinkOption.NOFOLLOW_LINKS));
    assertThat(latest("second")).contains(VERSION);
    assertThat(harness.cache.isInstalled(VERSION)).isTrue();
  }

  @Test
  void healthAndMetricsEndpoints() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> live = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + harness.healthPort() + "/livez"))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(live.statusCode()).isEqualTo(200);
    HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + harness.metricsPort() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(metrics.body()).contains("astromkey_csi_cache_bytes", "astromkey_csi_cache_budget_bytes");
  }

  private Optional<String> latest(String dk) {
    try {
      return harness.latestKey(dk);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
