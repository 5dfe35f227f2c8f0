package com.astromkey.operator.dynakube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.astromkey.domain.dynakube.DynaKube;
import com.astromkey.domain.dynakube.spec.CloudNativeFullStackSpec;
import com.astromkey.domain.dynakube.status.DynaKubeStatus;
import com.astromkey.domain.names.SecretKeys;
import com.astromkey.operator.OperatorConfig;
import com.astromkey.operator.OperatorRuntime;
import com.astromkey.operator.metrics.OperatorMetrics;
import com.astromkey.operator.tenant.ClientTenantApiFactory;
import com.astromkey.operator.testing.Fixtures;
import com.astromkey.operator.testing.MockCluster;
import com.astromkey.sandbox.tenant.TenantSimState;
import com.astromkey.sandbox.tenant.TenantSimulator;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A reconcile of an unchanged DynaKube writes nothing: counted at the mock API server, which sees every request, so a
 * write that happens to leave the resourceVersion alone (or an Event) is caught too. Own server: one DynaKube only.
 */
@EnableKubernetesMockClient(crud = true)
class SteadyStateMockTest {
  private static final String NS = MockCluster.NAMESPACE;
  private static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH", "DELETE");

  static KubernetesClient client;
  static KubernetesMockServer server;
  private static TenantSimulator sim;
  private static OperatorRuntime operator;
  private static OperatorMetrics metrics;

  @BeforeAll
  static void start() {
    MockCluster.install(client);
    sim = TenantSimulator.startHttps();
    MockCluster.configMap(client, "sim-ca", Map.of(SecretKeys.TRUSTED_CAS_CERTS, sim.caPem()));
    MockCluster.secret(client, "astromkey-helm-pull", SecretKeys.TYPE_DOCKER_CONFIG_JSON,
        Map.of(SecretKeys.DOCKER_CONFIG_JSON, "{\"auths\":{\"quay.example.com\":{\"auth\":\"aDpo\"}}}"));
    metrics = new OperatorMetrics();
    OperatorConfig config = Fixtures.config(Map.of("AK_OPERATOR_PULL_SECRET", "astromkey-helm-pull"));
    operator = OperatorRuntime.start(client, config, new ClientTenantApiFactory(metrics), metrics, Clock.systemUTC(), false);
  }

  @AfterAll
  static void stop() {
    operator.close();
    sim.close();
  }

  @Test
  void aSecondReconcileOfAnUnchangedDynaKubeSendsNoWriteToTheApi() throws Exception {
    MockCluster.secret(client, "steady", "Opaque", Map.of(SecretKeys.API_TOKEN, TenantSimState.DEFAULT_API_TOKEN));
    MockCluster.namespace(client, "steady-app", Map.of("team", "steady"));
    DynaKube dk = Fixtures.dynaKube("dynakube-cloudnative-private-registry");
    dk.getMetadata().setName("steady");
    dk.getMetadata().setUid(null);
    dk.getSpec().setTokens("steady");
    dk.getSpec().setCustomPullSecret(null);
    dk.getSpec().setApiUrl(sim.apiUrl());
    dk.getSpec().setTrustedCAs("sim-ca");
    CloudNativeFullStackSpec cloudNative = dk.getSpec().getOneAgent().cloudNative();
    cloudNative.setNamespaceSelector(new LabelSelectorBuilder().withMatchLabels(Map.of("team", "steady")).build());
    client.resources(DynaKube.class).inNamespace(NS).resource(dk).create();
    await().atMost(Duration.ofSeconds(30)).until(() -> status("steady"), s -> s != null && s.getConditions() != null
        && s.getConditions().stream().anyMatch(c -> "OneAgentDaemonSet".equals(c.getType()) && "UpToDate".equals(c.getReason()))
        && s.getConditions().stream().anyMatch(c -> "ActiveGateStatefulSet".equals(c.getType()) && "UpToDate".equals(c.getReason())));
    // Let the reconciles the operator's own writes triggered run out, then start counting from an empty log.
    awaitQuiet();

    double before = reconciles();
    MockCluster.namespace(client, "steady-trigger", Map.of());
    await().atMost(Duration.ofSeconds(30)).until(() -> reconciles() >= before + 1);
    Thread.sleep(500);

    List<String> writes = new ArrayList<>();
    for (RecordedRequest request : drain()) {
      boolean triggerCreation = "POST".equals(request.getMethod()) && "/api/v1/namespaces".equals(request.getPath());
      if (WRITES.contains(request.getMethod()) && !triggerCreation) {
        writes.add(request.getMethod() + " " + request.getPath());
      }
    }
    assertThat(writes).isEmpty();
  }

  /** Drains the request log until a second passes without a write. */
  private static void awaitQuiet() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      Thread.sleep(1000);
      if (drain().stream().noneMatch(r -> WRITES.contains(r.getMethod()))) {
        return;
      }
    }
    throw new AssertionError("the operator kept writing for 20 s after the DynaKube was up to date");
  }

  private static List<RecordedRequest> drain() throws InterruptedException {
    List<RecordedRequest> requests = new ArrayList<>();
    RecordedRequest request;
    while ((request = server.takeRequest(10, TimeUnit.MILLISECONDS)) != null) {
      requests.add(request);
    }
    return requests;
  }

  private static DynaKubeStatus status(String name) {
    DynaKube dk = client.resources(DynaKube.class).inNamespace(NS).withName(name).get();
    return dk == null ? null : dk.getStatus();
  }

  private static double reconciles() {
    return metrics.registry().find(OperatorMetrics.RECONCILE_TOTAL).counters().stream().mapToDouble(c -> c.count()).sum();
  }
}
