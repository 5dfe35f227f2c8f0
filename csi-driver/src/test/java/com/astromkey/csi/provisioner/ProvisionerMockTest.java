package com.astromkey.csi.provisioner;

import static com.astromkey.csi.provisioner.ProvisionerHarness.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.astromkey.csi.layout.CodeModuleCache;
import com.astromkey.csi.layout.DataLayout;
import com.astromkey.csi.testing.Fixtures;
import com.astromkey.sandbox.time.TestClock;
import com.astromkey.domain.dynakube.DynaKube;
import com.astromkey.domain.names.ObjectNames;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
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
  void overBudgetEvictsUnusedVersionsAndWarnsWhenTheRestIsInUse() throws Exception {
    harness.close();
    TestClock clock = TestClock.atNow();
    CodeModuleCache seeded = new CodeModuleCache(new DataLayout(tmp.resolve("budget")), clock);
    for (String old : new String[] {"1.1.0", "1.2.0", "1.3.0"}) Fixtures.install(seeded, old, "old " + old);
    clock.advance(Duration.ofMinutes(11));
    harness = ProvisionerHarness.start(client, tmp.resolve("budget"), Duration.ofMinutes(30), Optional.empty(), 1, clock);
    client.secrets().resource(DynaKubeFixtures.tokensSecret("budget", TenantSimState.DEFAULT_API_TOKEN)).create();

    harness.create(zipDynaKube("budget"));

    await("the over-budget event", () -> harness.events("budget").stream()
        .anyMatch(e -> e.getReason().equals("CodeModulesCacheOverBudget") && e.getType().equals("Warning")));
    assertThat(harness.cache.keys()).containsExactly(VERSION);
    assertThat(latest("budget")).contains(VERSION);
  }

  @Test
  void startUpRecoveryRemovesWhatAnInterruptedInstallLeft() throws Exception {
    harness.close();
    DataLayout layout = new DataLayout(tmp.resolve("crashed"));
    layout.ensure();
    Files.createDirectories(layout.work().resolve("3c1d-partial/agent"));
    Files.createDirectories(layout.codemodule("sha256-" + "ef".repeat(32)).resolve("agent"));

    harness = ProvisionerHarness.start(client, layout.root(), Duration.ofMinutes(30), Optional.empty());

    assertThat(layout.work().resolve("3c1d-partial")).doesNotExist();
    assertThat(layout.codemodule("sha256-" + "ef".repeat(32))).doesNotExist();
  }

  @Test
  void nodeImagePullRunsAJobAndInstallsWhatItLeftUnderThePodImageDigest() throws Exception {
    String image = "registry.example.com/astromkey/codemodules:1.301.0";
    DynaKube dk = DynaKubeFixtures.load("dynakube-cloudnative-private-registry",
        Map.of("NAME", "pull-job", "IMAGE", image, "PULL_SECRET", "custom-pull"));
    dk.getMetadata().setAnnotations(Map.of("feature.astromkey.com/node-image-pull", "true"));
    client.secrets().resource(DynaKubeFixtures.dockerConfigSecret("custom-pull", "registry.example.com", "u", "p")).create();

    harness.create(dk);

    String jobName = ObjectNames.nodeImagePullJobName(image, ProvisionerHarness.NODE);
    await("the download Job", () -> client.batch().v1().jobs().inNamespace(DynaKubeFixtures.NAMESPACE).withName(jobName).get() != null);
    Job job = client.batch().v1().jobs().inNamespace(DynaKubeFixtures.NAMESPACE).withName(jobName).get();
    // pull-job-pull-secret does not exist: the kubelet would refuse the pod with it
    assertThat(job.getSpec().getTemplate().getSpec().getImagePullSecrets()).extracting(LocalObjectReference::getName)
        .containsExactly("custom-pull");
    assertThat(job.getSpec().getTemplate().getSpec().getNodeSelector()).containsEntry("kubernetes.io/hostname", "node-a");

    // what the Job's container and the kubelet would do
    Path out = harness.layout.root().resolve("work/" + jobName + "/out");
    Files.createDirectories(out.resolve("agent/lib64"));
    Files.writeString(out.resolve("agent/lib64/liboneagentproc.so"), "from the job");
    String digest = "sha256:" + "5e".repeat(32);
    client.pods().resource(new PodBuilder().withNewMetadata().withName(jobName + "-x1").withNamespace(DynaKubeFixtures.NAMESPACE)
        .addToLabels("job-name", jobName).endMetadata()
        .withNewStatus().addNewContainerStatus().withName("codemodule-download")
        .withImageID("registry.example.com/astromkey/codemodules@" + digest).endContainerStatus().endStatus().build()).create();
    job.setStatus(new JobStatusBuilder().withSucceeded(1).build());
    client.batch().v1().jobs().inNamespace(DynaKubeFixtures.NAMESPACE).resource(job).updateStatus();
    harness.touch("pull-job");

    String key = "sha256-" + "5e".repeat(32);
    await("the Job's tree installed", () -> latest("pull-job").equals(Optional.of(key)));
    assertThat(harness.layout.codemodule(key).resolve("agent/lib64/liboneagentproc.so")).hasContent("from the job");
    assertThat(harness.cache.meta(key).orElseThrow().source()).isEqualTo("job");
    assertThat(harness.layout.work().resolve(jobName)).doesNotExist();
    await("the Job deleted", () -> client.batch().v1().jobs().inNamespace(DynaKubeFixtures.NAMESPACE).withName(jobName).get() == null);
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
