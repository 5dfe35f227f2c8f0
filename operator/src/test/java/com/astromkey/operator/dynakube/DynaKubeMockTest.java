package com.astromkey.operator.dynakube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.astromkey.domain.dynakube.DynaKube;
import com.astromkey.domain.dynakube.status.DynaKubeStatus;
import com.astromkey.domain.names.Labels;
import com.astromkey.domain.names.ObjectNames;
import com.astromkey.domain.names.SecretKeys;
import com.astromkey.operator.OperatorConfig;
import com.astromkey.operator.OperatorRuntime;
import com.astromkey.operator.metrics.OperatorMetrics;
import com.astromkey.operator.tenant.ClientTenantApiFactory;
import com.astromkey.operator.testing.Fixtures;
import com.astromkey.operator.testing.MockCluster;
import com.astromkey.sandbox.tenant.SimFault;
import com.astromkey.sandbox.tenant.TenantSimState;
import com.astromkey.sandbox.tenant.TenantSimulator;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The real operator against the fabric8 mock API server (CRUD mode) and the tenant simulator. */
@EnableKubernetesMockClient(crud = true)
class DynaKubeMockTest {
  private static final String NS = MockCluster.NAMESPACE;
  private static final String HELM_SECRET = "astromkey-helm-pull";
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final AtomicInteger NAMESPACES = new AtomicInteger();

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
    metrics = new OperatorMetrics();
    OperatorConfig config = Fixtures.config(Map.of("AK_OPERATOR_PULL_SECRET", HELM_SECRET));
    operator = OperatorRuntime.start(client, config, new ClientTenantApiFactory(metrics), metrics, Clock.systemUTC(), false);
  }

  @AfterAll
  static void stop() {
    operator.close();
    sim.close();
  }

  @Test
  void customerPrivateRegistryRunsTheSpecImagesVerbatimAndAskesTheTenantForNoVersion() {
    tokens("dynakube-tokens", Map.of(SecretKeys.API_TOKEN, TenantSimState.DEFAULT_API_TOKEN));
    MockCluster.secret(client, "my-registry-secret", SecretKeys.TYPE_DOCKER_CONFIG_JSON,
        Map.of(SecretKeys.DOCKER_CONFIG_JSON, "{\"auths\":{\"registry.my-company.com\":{\"auth\":\"dTpw\"}}}"));
    DynaKube dk = simulated(Fixtures.dynaKube("dynakube-cloudnative-private-registry"));
    dk.getSpec().setTokens("dynakube-tokens");
    sim.clearRequests();

    create(dk);

    DaemonSet ds = await().atMost(TIMEOUT).until(() -> get(DaemonSet.class, "dynakube-oneagent"), d -> d != null);
    StatefulSet sts = await().atMost(TIMEOUT).until(() -> get(StatefulSet.class, "dynakube-activegate"), s -> s != null);
    assertThat(ds.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
        .isEqualTo("registry.my-company.com/astromkey/astromkey-oneagent:1.301.0");
    assertThat(sts.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
        .isEqualTo("registry.my-company.com/astromkey/astromkey-activegate:1.301.0");
    List<String> pullSecrets = List.of("my-registry-secret", HELM_SECRET, "dynakube-pull-secret");
    assertThat(ds.getSpec().getTemplate().getSpec().getImagePullSecrets()).extracting(LocalObjectReference::getName)
        .containsExactlyElementsOf(pullSecrets);
    assertThat(sts.getSpec().getTemplate().getSpec().getImagePullSecrets()).extracting(LocalObjectReference::getName)
        .containsExactlyElementsOf(pullSecrets);

    DynaKubeStatus status = awaitStatus("dynakube", s -> s.getCodeModules() != null && s.getActiveGate() != null
        && s.getActiveGate().getSource() != null && s.getOneAgent() != null && s.getOneAgent().getSource() != null);
    assertThat(status.getOneAgent().getSource()).isEqualTo("custom-image");
    assertThat(status.getOneAgent().getVersion()).isEqualTo("custom-image");
    assertThat(status.getOneAgent().getImageID()).isEqualTo(dk.getSpec().getOneAgent().cloudNative().getImage());
    assertThat(status.getActiveGate().getSource()).isEqualTo("custom-image");
    assertThat(status.getActiveGate().getImageID()).isEqualTo(dk.getSpec().getActiveGate().getImage());
    assertThat(status.getCodeModules().getSource()).isEqualTo("custom-image");
    assertThat(status.getCodeModules().getImageID()).isEqualTo(dk.getSpec().getOneAgent().cloudNative().getCodeModulesImage());
    assertThat(condition(status, "CustomPullSecret").getStatus()).isEqualTo("True");
    assertThat(sim.count(".*metainfo.*")).isZero();

    Secret pullSecret = get(Secret.class, "dynakube-pull-secret");
    assertThat(MockCluster.decode(pullSecret.getData().get(SecretKeys.DOCKER_CONFIG_JSON)))
        .contains("\"" + sim.hostPort() + "\"").contains("\"username\":\"abc12345\"");
  }

  @Test
  void aReconcileThatFindsNothingChangedWritesNothing() throws Exception {
    tokens("quiet", Map.of(SecretKeys.API_TOKEN, TenantSimState.DEFAULT_API_TOKEN));
    DynaKube dk = Fixtures.dynaKube("dynakube-cloudnative-private-registry");
    dk.getMetadata().setName("quiet");
    create(simulated(dk));
    awaitStatus("quiet", s -> s.getOneAgent() != null && condition(s, "OneAgentDaemonSet") != null
        && "UpToDate".equals(condition(s, "OneAgentDaemonSet").getReason())
        && "UpToDate".equals(condition(s, "ActiveGateStatefulSet").getReason()));
    Map<String, String> before = versions("quiet");

    double reconciles = reconciles();
    MockCluster.namespace(client, "kube-trigger-" + NAMESPACES.incrementAndGet(), Map.of());
    await().atMost(TIMEOUT).until(() -> reconciles() > reconciles + 1);

    assertThat(versions("quiet")).isEqualTo(before);
    DynaKube stored = get(DynaKube.class, "quiet");
    assertThat(stored.getStatus().getObservedGeneration()).isEqualTo(stored.getMetadata().getGeneration());
    assertThat(stored.getMetadata().getFinalizers()).contains(ObjectNames.DYNAKUBE_FINALIZER);
    assertThat(requestContentTypes()).noneMatch(type -> type.contains("apply-patch"));
  }

  @Test
  void tenantImagesResolveAndATenantFailureKeepsTheLastGoodImage() {
    tokens("tenantdk", Map.of(SecretKeys.API_TOKEN, TenantSimState.DEFAULT_API_TOKEN));
    DynaKube dk = Fixtures.dynaKube("dynakube-cloudnative-private-registry");
    dk.getMetadata().setName("tenantdk");
    dk.getSpec().setCustomPullSecret(null);
    dk.getSpec().setActiveGate(null);
    dk.getSpec().setAstromkeyApiRequestThreshold(0);
    dk.getSpec().getOneAgent().cloudNative().setImage(null);
    dk.getSpec().getOneAgent().cloudNative().setCodeModulesImage(null);
    create(simulated(dk));

    String expectedImage = sim.hostPort() + "/linux/oneagent:1.301.0-raw";
    DynaKubeStatus resolved = awaitStatus("tenantdk", s -> s.getOneAgent() != null
        && expectedImage.equals(s.getOneAgent().getImageID()) && s.getCodeModules() != null
        && s.getCodeModules().getVersion() != null);
    assertThat(resolved.getOneAgent().getSource()).isEqualTo("tenant-registry");
    assertThat(resolved.getCodeModules().getVersion()).isEqualTo(sim.state().getLatestPaasVersion());
    assertThat(resolved.getCodeModules().getImageID()).isNull();
    await().atMost(TIMEOUT).until(() -> get(DaemonSet.class, "tenantdk-oneagent"), d -> d != null);

    sim.fault(SimFault.status(429).retryAfter("120").onPath(".*/agent/unix/default/latest/metainfo"));
    try {
      MockCluster.namespace(client, "kube-trigger-" + NAMESPACES.incrementAndGet(), Map.of());
      DynaKubeStatus failed = awaitStatus("tenantdk", s -> condition(s, "OneAgentVersion") != null
          && "False".equals(condition(s, "OneAgentVersion").getStatus()));

      assertThat(condition(failed, "OneAgentVersion").getReason()).isEqualTo("AstromkeyApiError");
      assertThat(condition(failed, "OneAgentVersion").getMessage())
          .isEqualTo("Latest version request failed (HTTP 429); keeping 1.301.0.20240915-120000.");
      assertThat(failed.getOneAgent().getImageID()).isEqualTo(expectedImage);
      assertThat(failed.getPhase()).isNotEqualTo("Error");
      assertThat(metrics.scrape()).contains("astromkey_operator_tenant_requests_total{code=\"429\",endpoint=\"4a\"}");
      assertThat(get(DaemonSet.class, "tenantdk-oneagent").getSpec().getTemplate().getSpec().getContainers().get(0)
          .getImage()).isEqualTo(expectedImage);
    } finally {
      sim.clearFaults();
    }
  }

  @Test
  void unavailableTenantOnTheFirstReconcileCreatesNoDaemonSetAndIsNoError() {
    tokens("firstdk", Map.of(SecretKeys.API_TOKEN, TenantSimState.DEFAULT_API_TOKEN));
    DynaKube dk = Fixtures.dynaKube("dynakube-host-monitoring");
    dk.getMetadata().setName("firstdk");
    simulated(dk);
    dk.getSpec().setAstromkeyApiRequestThreshold(0);
    sim.fault(SimFault.status(503).onPath(".*/agent/unix/default/latest/metainfo"));
    try {
      create(dk);

      DynaKubeStatus status = awaitStatus("firstdk", s -> condition(s, "OneAgentVersion") != null);
      assertThat(condition(status, "OneAgentVersion").getStatus()).isEqualTo("False");
      assertThat(status.getPhase()).isEqualTo("Deploying");
      assertThat(get(DaemonSet.class, "firstdk-oneagent")).isNull();
    } finally {
      sim.clearFaults();
    }
  }

  @Test
  void recreatingTheCustomPullSecretReachesTheReplicasAtOnce() {
    tokens("rotating", Map.of(SecretKeys.API_TOKEN, TenantSimState.DEFAULT_API_TOKEN));
    MockCluster.secret(client, "rotating-registry", SecretKeys.TYPE_DOCKER_CONFIG_JSON,
        Map.of(SecretKeys.DOCKER_CONFIG_JSON, "{\"auths\":{\"registry.my-company.com\":{\"auth\":\"b2xkOm9sZA==\"}}}"));
    MockCluster.namespace(client, "rotating-app", Map.of("team", "rotating"));
    DynaKube dk = Fixtures.dynaKube("dynakube-cloudnative-private-registry");
    dk.getMetadata().setName("rotating");
    dk.getSpec().setCustomPullSecret("rotating-registry");
    dk.getSpec().setActiveGate(null);
    create(simulated(dk));
    await().atMost(TIMEOUT).until(() -> replicaAuth("rotating-app"), auth -> auth.contains("b2xkOm9sZA=="));

    client.secrets().inNamespace(NS).withName("rotating-registry").delete();
    await().atMost(TIMEOUT).until(() -> get(Secret.class, "rotating-registry") == null);
    MockCluster.secret(client, "rotating-registry", SecretKeys.TYPE_DOCKER_CONFIG_JSON,
        Map.of(SecretKeys.DOCKER_CONFIG_JSON, "{\"auths\":{\"registry.my-company.com\":{\"auth\":\"bmV3Om5ldw==\"}}}"));

    await().atMost(Duration.ofSeconds(5)).until(() -> replicaAuth("rotating-app"), auth -> auth.contains("bmV3Om5ldw=="));
    DynaKubeStatus status = awaitStatus("rotating", s -> condition(s, "CustomPullSecret") != null
        && "True".equals(condition(s, "CustomPullSecret").getStatus()));
    assertThat(condition(status, "InjectionPullSecret").getStatus()).isEqualTo("True");
  }

  private static String replicaAuth(String namespace) {
    Secret replica = client.secrets().inNamespace(namespace).withName(ObjectNames.INJECTION_PULL_SECRET).get();
    return replica == null ? "" : MockCluster.decode(replica.getData().get(SecretKeys.DOCKER_CONFIG_JSON));
  }

  @Test
  void namespacesAreLabelledAndServedThenCleanedUpOnDeletion() {
    tokens("appmon", Map.of(SecretKeys.API_TOKEN, TenantSimState.DEFAULT_API_TOKEN,
        SecretKeys.PAAS_TOKEN, TenantSimState.DEFAULT_PAAS_TOKEN));
    sim.state().addToken(TenantSimState.DEFAULT_PAAS_TOKEN, new com.astromkey.sandbox.tenant.SimToken("paas", "paas",
        List.of(com.astromkey.sandbox.tenant.SimToken.INSTALLER_DOWNLOAD)));
    MockCluster.namespace(client, "shop", Map.of("monitor", "true"));
    MockCluster.namespace(client, "billing", Map.of("monitor", "false"));
    DynaKube dk = simulated(Fixtures.dynaKube("dynakube-application-monitoring"));
    create(dk);

    Secret replica = await().atMost(TIMEOUT).until(() -> client.secrets().inNamespace("shop")
        .withName(ObjectNames.BOOTSTRAPPER_CONFIG_SECRET).get(), s -> s != null);
    assertThat(client.namespaces().withName("shop").get().getMetadata().getLabels())
        .containsEntry(Labels.DYNAKUBE_INSTANCE, "appmon");
    assertThat(client.namespaces().withName("billing").get().getMetadata().getLabels())
        .doesNotContainKey(Labels.DYNAKUBE_INSTANCE);
    assertThat(MockCluster.decode(replica.getData().get(SecretKeys.AKCLIENT_CONFIG)))
        .contains("\"token\":\"" + TenantSimState.DEFAULT_PAAS_TOKEN + "\"");
    assertThat(client.secrets().inNamespace("shop").withName(ObjectNames.BOOTSTRAPPER_CERTS_SECRET).get()).isNotNull();
    assertThat(get(Secret.class, "appmon-pull-secret")).isNull();

    client.namespaces().withName("shop").edit(ns -> {
      ns.getMetadata().getLabels().put("monitor", "false");
      return ns;
    });
    await().atMost(TIMEOUT).until(() -> client.secrets().inNamespace("shop")
        .withName(ObjectNames.BOOTSTRAPPER_CONFIG_SECRET).get() == null);
    assertThat(client.namespaces().withName("shop").get().getMetadata().getLabels())
        .doesNotContainKey(Labels.DYNAKUBE_INSTANCE);

    client.namespaces().withName("billing").edit(ns -> {
      ns.getMetadata().getLabels().put("monitor", "true");
      return ns;
    });
    await().atMost(TIMEOUT).until(() -> client.secrets().inNamespace("billing")
        .withName(ObjectNames.BOOTSTRAPPER_CONFIG_SECRET).get() != null);

    client.resources(DynaKube.class).inNamespace(NS).withName("appmon").delete();

    await().atMost(TIMEOUT).until(() -> get(DynaKube.class, "appmon") == null);
    assertThat(client.namespaces().withName("billing").get().getMetadata().getLabels())
        .doesNotContainKey(Labels.DYNAKUBE_INSTANCE);
    assertThat(client.secrets().inNamespace("billing").withName(ObjectNames.BOOTSTRAPPER_CONFIG_SECRET).get()).isNull();
  }

  /**
   * Points the DynaKube at the simulator. Several DynaKubes share the mock cluster, so each host mode gets its own node
   * pool and each injecting mode its own namespaces; otherwise validation (AKV-070, AKV-071) rightly stops them.
   */
  private static DynaKube simulated(DynaKube dk) {
    String name = dk.getMetadata().getName();
    com.astromkey.domain.dynakube.spec.OneAgentSpec oneAgent = dk.getSpec().getOneAgent();
    oneAgent.mode().ifPresent(mode -> {
      if (mode.runsDaemonSet()) {
        oneAgent.hostSpec(mode).setNodeSelector(Map.of("pool", name));
      }
      if (mode.injectsCodeModules() && oneAgent.appInjection(mode).getNamespaceSelector() == null) {
        com.astromkey.domain.dynakube.spec.AppInjection injection = oneAgent.appInjection(mode);
        io.fabric8.kubernetes.api.model.LabelSelector selector =
            new io.fabric8.kubernetes.api.model.LabelSelectorBuilder().withMatchLabels(Map.of("team", name)).build();
        if (injection instanceof com.astromkey.domain.dynakube.spec.CloudNativeFullStackSpec cloudNative) {
          cloudNative.setNamespaceSelector(selector);
        }
      }
    });
    dk.getMetadata().setUid(null);
    dk.getSpec().setApiUrl(sim.apiUrl());
    dk.getSpec().setTrustedCAs("sim-ca");
    return dk;
  }

  private static void tokens(String name, Map<String, String> tokens) {
    MockCluster.secret(client, name, "Opaque", tokens);
  }

  private static void create(DynaKube dk) {
    client.resources(DynaKube.class).inNamespace(NS).resource(dk).create();
  }

  private static <T extends HasMetadata> T get(Class<T> type, String name) {
    return client.resources(type).inNamespace(NS).withName(name).get();
  }

  private static DynaKubeStatus awaitStatus(String name, java.util.function.Predicate<DynaKubeStatus> done) {
    try {
      return awaitStatusOrTimeout(name, done);
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      DynaKube dk = get(DynaKube.class, name);
      throw new AssertionError("status of " + name + " never matched; last:\n"
          + (dk == null ? "no DynaKube" : Serialization.asYaml(dk.getStatus())), e);
    }
  }

  private static DynaKubeStatus awaitStatusOrTimeout(String name, java.util.function.Predicate<DynaKubeStatus> done) {
    return await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(200)).until(() -> {
      DynaKube dk = get(DynaKube.class, name);
      return dk == null ? null : dk.getStatus();
    }, s -> s != null && done.test(s));
  }

  private static Condition condition(DynaKubeStatus status, String type) {
    return status.getConditions() == null ? null
        : status.getConditions().stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null);
  }

  private static double reconciles() {
    return metrics.registry().find(OperatorMetrics.RECONCILE_TOTAL).counters().stream()
        .mapToDouble(c -> c.count()).sum();
  }

  /** resourceVersion of the DynaKube and of every object it owns. */
  private static Map<String, String> versions(String dkName) {
    Map<String, String> versions = new LinkedHashMap<>();
    versions.put("dk", get(DynaKube.class, dkName).getMetadata().getResourceVersion());
    List<HasMetadata> owned = new ArrayList<>();
    owned.addAll(client.apps().daemonSets().inNamespace(NS).list().getItems());
    owned.addAll(client.apps().statefulSets().inNamespace(NS).list().getItems());
    owned.addAll(client.services().inNamespace(NS).list().getItems());
    owned.addAll(client.configMaps().inNamespace(NS).list().getItems());
    owned.addAll(client.secrets().inNamespace(NS).list().getItems());
    for (HasMetadata object : owned) {
      if (object.getMetadata().getOwnerReferences().stream().anyMatch(o -> dkName.equals(o.getName()))) {
        versions.put(object.getKind() + "/" + object.getMetadata().getName(), object.getMetadata().getResourceVersion());
      }
    }
    return versions;
  }

  private static List<String> requestContentTypes() throws InterruptedException {
    List<String> types = new ArrayList<>();
    RecordedRequest request;
    while ((request = server.takeRequest(10, TimeUnit.MILLISECONDS)) != null) {
      String type = request.getHeader("Content-Type");
      if (type != null) {
        types.add(type);
      }
    }
    return types;
  }
}
