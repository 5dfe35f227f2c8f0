package com.astromkey.operator.dynakube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.astromkey.domain.dynakube.DynaKube;
import com.astromkey.domain.dynakube.spec.ApplicationMonitoringSpec;
import com.astromkey.domain.dynakube.spec.CloudNativeFullStackSpec;
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
import com.astromkey.sandbox.tenant.SimToken;
import com.astromkey.sandbox.tenant.TenantSimState;
import com.astromkey.sandbox.tenant.TenantSimulator;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The "done when" scenarios end to end: seed examples, token errors, mode and secret switches, deletion. */
@EnableKubernetesMockClient(crud = true)
class DynaKubeLifecycleMockTest {
  private static final String NS = MockCluster.NAMESPACE;
  private static final String HELM_SECRET = "astromkey-helm-pull";
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final AtomicInteger TRIGGERS = new AtomicInteger();

  static KubernetesClient client;
  private static TenantSimulator sim;
  private static OperatorRuntime operator;

  @BeforeAll
  static void start() {
    MockCluster.install(client);
    sim = TenantSimulator.startHttps();
    MockCluster.configMap(client, "sim-ca", Map.of(SecretKeys.TRUSTED_CAS_CERTS, sim.caPem()));
    MockCluster.secret(client, HELM_SECRET, SecretKeys.TYPE_DOCKER_CONFIG_JSON,
        Map.of(SecretKeys.DOCKER_CONFIG_JSON, "{\"auths\":{\"quay.example.com\":{\"auth\":\"aDpo\"}}}"));
    OperatorMetrics metrics = new OperatorMetrics();
    OperatorConfig config = Fixtures.config(Map.of("AK_OPERATOR_PULL_SECRET", HELM_SECRET));
    operator = OperatorRuntime.start(client, config, new ClientTenantApiFactory(metrics), metrics, Clock.systemUTC(), false);
  }

  @AfterAll
  static void stop() {
    operator.close();
    sim.close();
  }

  @Test
  void cloudNativeExampleUsesTheSpecPullSecretOrderAndIsRunningOnceTheWorkloadsAreReady() {
    tokens("seed", Map.of(SecretKeys.API_TOKEN, TenantSimState.DEFAULT_API_TOKEN));
    dockerSecret("seed-registry", "registry.my-company.com", "dTpw");
    DynaKube dk = simulated(Fixtures.dynaKube("dynakube-cloudnative-private-registry"), "seed");
    dk.getSpec().setCustomPullSecret("seed-registry");
    create(dk);

    DaemonSet ds = await().atMost(TIMEOUT).until(() -> get(DaemonSet.class, "seed-oneagent"), d -> d != null);
    StatefulSet sts = await().atMost(TIMEOUT).until(() -> get(StatefulSet.class, "seed-activegate"), s -> s != null);
    // operator.md §5.2: spec.customPullSecret, AK_OPERATOR_PULL_SECRET, <dk>-pull-secret
    List<String> order = List.of("seed-registry", HELM_SECRET, "seed-pull-secret");
    assertThat(ds.getSpec().getTemplate().getSpec().getImagePullSecrets()).extracting(LocalObjectReference::getName)
        .containsExactlyElementsOf(order);
    assertThat(sts.getSpec().getTemplate().getSpec().getImagePullSecrets()).extracting(LocalObjectReference::getName)
        .containsExactlyElementsOf(order);
    DynaKubeStatus deploying = awaitStatus("seed", s -> s.getActiveGate() != null && s.getOneAgent() != null
        && s.getCodeModules() != null && s.getPhase() != null);
    assertThat(deploying.getPhase()).isEqualTo("Deploying");
    assertThat(deploying.getOneAgent().getSource()).isEqualTo("custom-image");
    assertThat(deploying.getActiveGate().getSource()).isEqualTo("custom-image");
    assertThat(deploying.getCodeModules().getSource()).isEqualTo("custom-image");

    markReady("seed");

    DynaKubeStatus running = awaitStatus("seed", s -> "Running".equals(s.getPhase()));
    assertThat(running.getObservedGeneration()).isEqualTo(get(DynaKube.class, "seed").getMetadata().getGeneration());
  }

  @Test
  void applicationMonitoringRunsNoDaemonSetAndServesOnlyMatchingNamespaces() {
    tokens("apps", Map.of(SecretKeys.API_TOKEN, TenantSimState.DEFAULT_API_TOKEN));
    MockCluster.namespace(client, "apps-front", Map.of("team", "apps"));
    MockCluster.namespace(client, "apps-other", Map.of("team", "other"));
    create(simulated(Fixtures.dynaKube("dynakube-application-monitoring"), "apps", Map.of("team", "apps")));

    await().atMost(TIMEOUT).until(() -> replica("apps-front", ObjectNames.BOOTSTRAPPER_CONFIG_SECRET) != null
        && replica("apps-front", ObjectNames.BOOTSTRAPPER_CERTS_SECRET) != null);
    assertThat(client.namespaces().withName("apps-front").get().getMetadata().getLabels())
        .containsEntry(Labels.DYNAKUBE_INSTANCE, "apps");
    assertThat(replica("apps-other", ObjectNames.BOOTSTRAPPER_CONFIG_SECRET)).isNull();
    assertThat(client.apps().daemonSets().inNamespace(NS).list().getItems())
        .noneMatch(d -> d.getMetadata().getName().startsWith("apps-"));
    assertThat(get(Secret.class, "apps-pull-secret")).isNull();

    client.namespaces().withName("apps-front").edit(ns -> {
      ns.getMetadata().getLabels().put("team", "gone");
      return ns;
    });

    await().atMost(TIMEOUT).until(() -> replica("apps-front", ObjectNames.BOOTSTRAPPER_CONFIG_SECRET) == null
        && replica("apps-front", ObjectNames.BOOTSTRAPPER_CERTS_SECRET) == null
        && replica("apps-front", ObjectNames.INJECTION_PULL_SECRET) == null);
    assertThat(client.namespaces().withName("apps-front").get().getMetadata().getLabels())
        .doesNotContainKey(Labels.DYNAKUBE_INSTANCE);
  }

  @Test
  void withoutImagesTheTenantRegistryAndSimulatorVersionsAreUsed() {
    tokens("plain", Map.of(SecretKeys.API_TOKEN, TenantSimState.DEFAULT_API_TOKEN));
    DynaKube dk = simulated(Fixtures.dynaKube("dynakube-cloudnative-private-registry"), "plain");
    dk.getSpec().setCustomPullSecret(null);
    dk.getSpec().getActiveGate().setImage(null);
    dk.getSpec().getOneAgent().cloudNative().setImage(null);
    dk.getSpec().getOneAgent().cloudNative().setCodeModulesImage(null);
    create(dk);

    DynaKubeStatus status = awaitStatus("plain", s -> s.getOneAgent() != null && s.getOneAgent().getImageID() != null
        && s.getActiveGate() != null && s.getActiveGate().getImageID() != null);
    assertThat(status.getOneAgent().getSource()).isEqualTo("tenant-registry");
    assertThat(status.getOneAgent().getImageID()).isEqualTo(sim.hostPort() + "/linux/oneagent:1.301.0-raw");
    assertThat(status.getActiveGate().getSource()).isEqualTo("tenant-registry");
    assertThat(status.getActiveGate().getImageID()).startsWith(sim.hostPort() + "/linux/activegate:");
    assertThat(get(StatefulSet.class, "plain-activegate").getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
        .isEqualTo(status.getActiveGate().getImageID());
  }

  @Test
  void aTokenWithoutAScopeOrWithoutTheKeyIsTokensFalseNamingIt() {
    sim.state().addToken("scopeless-token", new SimToken("scopeless", "api", List.of()));
    tokens("scopeless", Map.of(SecretKeys.API_TOKEN, "scopeless-token"));
    tokens("keyless", Map.of(SecretKeys.PAAS_TOKEN, TenantSimState.DEFAULT_PAAS_TOKEN));
    create(simulated(Fixtures.dynaKube("dynakube-host-monitoring"), "scopeless"));
    create(simulated(Fixtures.dynaKube("dynakube-host-monitoring"), "keyless"));

    Condition scope = condition(awaitStatus("scopeless", s -> condition(s, "Tokens") != null), "Tokens");
    assertThat(scope.getStatus()).isEqualTo("False");
    assertThat(scope.getMessage()).startsWith("apiToken is missing the scopes ").contains(SimToken.INSTALLER_DOWNLOAD);
    Condition key = condition(awaitStatus("keyless", s -> condition(s, "Tokens") != null), "Tokens");
    assertThat(key.getStatus()).isEqualTo("False");
    assertThat(key.getMessage()).isEqualTo("Secret astromkey/keyless has no key apiToken.");
    assertThat(get(DaemonSet.class, "scopeless-oneagent")).isNull();
  }

  @Test
  void switchingClassicToCloudNativeLeavesExactlyTheCloudNativeObjects() {
    tokens("switch", Map.of(SecretKeys.API_TOKEN, TenantSimState.DEFAULT_API_TOKEN));
    MockCluster.namespace(client, "switch-app", Map.of("team", "switch"));
    DynaKube dk = simulated(Fixtures.dynaKube("dynakube-classic"), "switch");
    dk.getSpec().setNetworkZone(null);
    create(dk);
    await().atMost(TIMEOUT).until(() -> owned("switch"), objects -> objects.equals(Set.of(
        "ConfigMap/switch-deployment-metadata", "Secret/switch-pull-secret", "DaemonSet/switch-oneagent",
        "ConfigMap/switch-oneagent-connection-info", "Secret/switch-oneagent-tenant-secret")));
    assertThat(client.namespaces().withName("switch-app").get().getMetadata().getLabels())
        .doesNotContainKey(Labels.DYNAKUBE_INSTANCE);

    client.resources(DynaKube.class).inNamespace(NS).withName("switch").edit(d -> {
      CloudNativeFullStackSpec cloudNative = new CloudNativeFullStackSpec();
      cloudNative.setNodeSelector(Map.of("pool", "switch"));
      cloudNative.setNamespaceSelector(new LabelSelectorBuilder().withMatchLabels(Map.of("team", "switch")).build());
      d.getSpec().getOneAgent().setClassicFullStack(null);
      d.getSpec().getOneAgent().setCloudNativeFullStack(cloudNative);
      return d;
    });

    Set<String> cloudNativeObjects = Set.of("ConfigMap/switch-deployment-metadata", "Secret/switch-pull-secret",
        "DaemonSet/switch-oneagent", "ConfigMap/switch-oneagent-connection-info", "Secret/switch-oneagent-tenant-secret",
        "Secret/switch-bootstrapper-config", "Secret/switch-bootstrapper-certs", "Secret/switch-injection-pull-secret");
    awaitOwned("switch", cloudNativeObjects);
    await().atMost(TIMEOUT).until(() -> replica("switch-app", ObjectNames.BOOTSTRAPPER_CONFIG_SECRET) != null
        && replica("switch-app", ObjectNames.INJECTION_PULL_SECRET) != null);
    assertThat(client.apps().daemonSets().inNamespace(NS).list().getItems())
        .filteredOn(d -> d.getMetadata().getName().startsWith("switch")).hasSize(1);
    DaemonSet ds = get(DaemonSet.class, "switch-oneagent");
    assertThat(ds.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs())
        .noneMatch(arg -> arg.contains("team=a"));
  }

  @Test
  void changingCustomPullSecretReplacesItEverywhereAndLeavesNoStaleReference() {
    tokens("swap", Map.of(SecretKeys.API_TOKEN, TenantSimState.DEFAULT_API_TOKEN));
    dockerSecret("swap-old", "registry.my-company.com", "b2xkOm9sZA==");
    dockerSecret("swap-new", "registry.my-company.com", "bmV3Om5ldw==");
    MockCluster.namespace(client, "swap-app", Map.of("team", "swap"));
    DynaKube dk = simulated(Fixtures.dynaKube("dynakube-cloudnative-private-registry"), "swap");
    dk.getSpec().setCustomPullSecret("swap-old");
    dk.getSpec().setActiveGate(null);
    create(dk);
    await().atMost(TIMEOUT).until(() -> injectionAuth("swap-app"), auth -> auth.contains("b2xkOm9sZA=="));
    Set<String> objects = Set.of("ConfigMap/swap-deployment-metadata", "Secret/swap-pull-secret", "DaemonSet/swap-oneagent",
        "ConfigMap/swap-oneagent-connection-info", "Secret/swap-oneagent-tenant-secret", "Secret/swap-bootstrapper-config",
        "Secret/swap-bootstrapper-certs", "Secret/swap-injection-pull-secret");
    awaitOwned("swap", objects);

    client.resources(DynaKube.class).inNamespace(NS).withName("swap").edit(d -> {
      d.getSpec().setCustomPullSecret("swap-new");
      return d;
    });

    await().atMost(TIMEOUT).until(() -> pullSecretNames(get(DaemonSet.class, "swap-oneagent")),
        names -> names.equals(List.of("swap-new", HELM_SECRET, "swap-pull-secret")));
    await().atMost(TIMEOUT).until(() -> injectionAuth("swap-app"), auth -> auth.contains("bmV3Om5ldw=="));
    assertThat(injectionAuth("swap-app")).doesNotContain("b2xkOm9sZA==");
    assertThat(owned("swap")).isEqualTo(objects);
    assertThat(client.secrets().inNamespace("swap-app").list().getItems()).extracting(s -> s.getMetadata().getName())
        .containsOnlyOnce(ObjectNames.INJECTION_PULL_SECRET);
    Condition check = condition(awaitStatus("swap", s -> condition(s, "CustomPullSecret") != null), "CustomPullSecret");
    assertThat(check.getStatus()).isEqualTo("True");
    assertThat(get(Secret.class, "swap-old")).isNotNull();
  }

  @Test
  void deletingTheDynaKubeLeavesOnlyObjectsGarbageCollectionRemoves() {
    tokens("gone", Map.of(SecretKeys.API_TOKEN, TenantSimState.DEFAULT_API_TOKEN));
    MockCluster.namespace(client, "gone-app", Map.of("team", "gone-dk"));
    DynaKube dk = simulated(Fixtures.dynaKube("dynakube-cloudnative-private-registry"), "gone");
    dk.getSpec().setCustomPullSecret(null);
    dk.getSpec().getOneAgent().cloudNative()
        .setNamespaceSelector(new LabelSelectorBuilder().withMatchLabels(Map.of("team", "gone-dk")).build());
    create(dk);
    await().atMost(TIMEOUT).until(() -> replica("gone-app", ObjectNames.BOOTSTRAPPER_CONFIG_SECRET) != null
        && get(StatefulSet.class, "gone-activegate") != null);
    String uid = get(DynaKube.class, "gone").getMetadata().getUid();

    client.resources(DynaKube.class).inNamespace(NS).withName("gone").delete();

    await().atMost(TIMEOUT).until(() -> get(DynaKube.class, "gone") == null);
    assertThat(client.namespaces().withName("gone-app").get().getMetadata().getLabels())
        .doesNotContainKey(Labels.DYNAKUBE_INSTANCE);
    assertThat(client.secrets().inNamespace("gone-app").list().getItems())
        .noneMatch(s -> "gone".equals(s.getMetadata().getLabels().get(Labels.APP_CREATED_BY)));
    // The mock server has no garbage collector: what is left in the operator namespace must all be owned by the DK,
    // so that the real one removes it.
    List<HasMetadata> left = createdBy("gone");
    assertThat(left).isNotEmpty().allSatisfy(o -> assertThat(o.getMetadata().getOwnerReferences())
        .anySatisfy(ref -> assertThat(ref.getUid()).isEqualTo(uid)));
  }

  private static void markReady(String name) {
    DaemonSet ds = get(DaemonSet.class, name + "-oneagent");
    ds.setStatus(new DaemonSetStatusBuilder().withObservedGeneration(ds.getMetadata().getGeneration())
        .withDesiredNumberScheduled(2).withNumberReady(2).withCurrentNumberScheduled(2).withUpdatedNumberScheduled(2)
        .build());
    client.apps().daemonSets().inNamespace(NS).resource(ds).updateStatus();
    StatefulSet sts = get(StatefulSet.class, name + "-activegate");
    sts.setStatus(new StatefulSetStatusBuilder().withObservedGeneration(sts.getMetadata().getGeneration())
        .withReplicas(1).withReadyReplicas(1).build());
    client.apps().statefulSets().inNamespace(NS).resource(sts).updateStatus();
  }

  private static List<String> pullSecretNames(DaemonSet ds) {
    return ds.getSpec().getTemplate().getSpec().getImagePullSecrets().stream().map(LocalObjectReference::getName).toList();
  }

  private static String injectionAuth(String namespace) {
    Secret replica = replica(namespace, ObjectNames.INJECTION_PULL_SECRET);
    return replica == null ? "" : MockCluster.decode(replica.getData().get(SecretKeys.DOCKER_CONFIG_JSON));
  }

  private static Secret replica(String namespace, String name) {
    return client.secrets().inNamespace(namespace).withName(name).get();
  }

  private static void dockerSecret(String name, String registry, String auth) {
    MockCluster.secret(client, name, SecretKeys.TYPE_DOCKER_CONFIG_JSON,
        Map.of(SecretKeys.DOCKER_CONFIG_JSON, "{\"auths\":{\"" + registry + "\":{\"auth\":\"" + auth + "\"}}}"));
  }

  /** Kind/name of every object in the operator namespace owned by the DynaKube. */
  private static Set<String> owned(String dkName) {
    Set<String> names = new TreeSet<>();
    for (HasMetadata object : inNamespace()) {
      if (object.getMetadata().getOwnerReferences().stream().anyMatch(o -> dkName.equals(o.getName()))) {
        names.add(object.getKind() + "/" + object.getMetadata().getName());
      }
    }
    return names;
  }

  private static void awaitOwned(String dkName, Set<String> expected) {
    try {
      await().atMost(TIMEOUT).until(() -> owned(dkName), expected::equals);
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      throw new AssertionError("objects of " + dkName + ": " + owned(dkName) + ", expected " + new TreeSet<>(expected), e);
    }
  }

  private static List<HasMetadata> createdBy(String dkName) {
    return inNamespace().stream().filter(o -> o.getMetadata().getLabels() != null
        && dkName.equals(o.getMetadata().getLabels().get(Labels.APP_CREATED_BY))).toList();
  }

  private static List<HasMetadata> inNamespace() {
    List<HasMetadata> objects = new ArrayList<>();
    objects.addAll(client.apps().daemonSets().inNamespace(NS).list().getItems());
    objects.addAll(client.apps().statefulSets().inNamespace(NS).list().getItems());
    objects.addAll(client.services().inNamespace(NS).list().getItems());
    objects.addAll(client.configMaps().inNamespace(NS).list().getItems());
    objects.addAll(client.secrets().inNamespace(NS).list().getItems());
    return objects;
  }

  private static DynaKube simulated(DynaKube dk, String name) {
    return simulated(dk, name, Map.of("team", name));
  }

  /** Points the DynaKube at the simulator with its own node pool and namespaces, so the DynaKubes here never overlap. */
  private static DynaKube simulated(DynaKube dk, String name, Map<String, String> namespaceLabels) {
    dk.getMetadata().setName(name);
    dk.getMetadata().setUid(null);
    dk.getSpec().setTokens(name);
    dk.getSpec().setApiUrl(sim.apiUrl());
    dk.getSpec().setTrustedCAs("sim-ca");
    com.astromkey.domain.dynakube.spec.OneAgentSpec oneAgent = dk.getSpec().getOneAgent();
    oneAgent.mode().ifPresent(mode -> {
      if (mode.runsDaemonSet()) {
        oneAgent.hostSpec(mode).setNodeSelector(Map.of("pool", name));
      }
      if (mode.injectsCodeModules()) {
        io.fabric8.kubernetes.api.model.LabelSelector selector =
            new LabelSelectorBuilder().withMatchLabels(namespaceLabels).build();
        if (oneAgent.appInjection(mode) instanceof CloudNativeFullStackSpec cloudNative) {
          cloudNative.setNamespaceSelector(selector);
        } else if (oneAgent.appInjection(mode) instanceof ApplicationMonitoringSpec appMon) {
          appMon.setNamespaceSelector(selector);
        }
      }
    });
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

  private static DynaKubeStatus awaitStatus(String name, Predicate<DynaKubeStatus> done) {
    try {
      return await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(200)).until(() -> {
        DynaKube dk = get(DynaKube.class, name);
        return dk == null ? null : dk.getStatus();
      }, s -> s != null && done.test(s));
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      DynaKube dk = get(DynaKube.class, name);
      throw new AssertionError("status of " + name + " never matched; last:\n"
          + (dk == null ? "no DynaKube" : Serialization.asYaml(dk.getStatus())), e);
    }
  }

  private static Condition condition(DynaKubeStatus status, String type) {
    return status.getConditions() == null ? null
        : status.getConditions().stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null);
  }
}
