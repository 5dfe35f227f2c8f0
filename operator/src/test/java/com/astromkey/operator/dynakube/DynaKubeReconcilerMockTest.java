package com.astromkey.operator.dynakube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.astromkey.domain.dynakube.DynaKube;
import com.astromkey.domain.dynakube.status.DynaKubeStatus;
import com.astromkey.domain.names.SecretKeys;
import com.astromkey.operator.OperatorConfig;
import com.astromkey.operator.events.EventRecorder;
import com.astromkey.operator.kube.ObjectWriter;
import com.astromkey.operator.metrics.OperatorMetrics;
import com.astromkey.operator.testing.FakeTenantApi;
import com.astromkey.operator.testing.Fixtures;
import com.astromkey.operator.testing.MockCluster;
import com.astromkey.tenant.Arch;
import com.astromkey.tenant.ConnectionInfo;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One reconcile at a time against the mock API server with a fake tenant: requeues, phases and events of §9, §10, §14. */
@EnableKubernetesMockClient(crud = true)
class DynaKubeReconcilerMockTest {
  private static final String NS = MockCluster.NAMESPACE;

  static KubernetesClient client;
  private FakeTenantApi tenant;
  private DynaKubeReconciler reconciler;

  @BeforeEach
  void setUp() {
    if (client.apiextensions().v1().customResourceDefinitions().list().getItems().isEmpty()) {
      MockCluster.install(client);
    }
    tenant = new FakeTenantApi();
    OperatorConfig config = Fixtures.config();
    reconciler = new DynaKubeReconciler(config, new ObjectWriter(client), new EventRecorder(client, Clock.systemUTC()),
        new OperatorMetrics(), tenant, DynaKubeSteps.create(client, Arch.X86, "test"), Clock.systemUTC());
  }

  @Test
  void unavailableTenantWithAFilledStatusRequeuesAfterRetryAfterAndKeepsPhaseAndImage() {
    DynaKube dk = hostMonitoring("retry");
    assertThat(delay(reconcile("retry"))).isEqualTo(Duration.ofMinutes(15));
    String phase = status("retry").getPhase();
    String image = status("retry").getOneAgent().getImageID();

    tenant.fail("4a", 429, Duration.ofSeconds(120));
    assertThat(delay(reconcile("retry"))).isEqualTo(Duration.ofSeconds(120));
    tenant.fail("4a", 429, null);
    assertThat(delay(reconcile("retry"))).isEqualTo(Duration.ofMinutes(1));
    tenant.fail("4a", 503, Duration.ofHours(1));
    assertThat(delay(reconcile("retry"))).isEqualTo(Duration.ofMinutes(10));

    DynaKubeStatus status = status("retry");
    assertThat(status.getPhase()).isEqualTo(phase);
    assertThat(status.getOneAgent().getImageID()).isEqualTo(image).isEqualTo(dk.getSpec().getApiUrl()
        .replace("https://", "").replace("/api", "") + "/linux/oneagent:1.301.0-raw");
    assertThat(condition(status, "OneAgentVersion").getReason()).isEqualTo("AstromkeyApiError");
  }

  @Test
  void unavailableTenantOnTheFirstReconcileRequeuesInAMinuteWithoutDaemonSet() {
    hostMonitoring("first");
    tenant.fail("4a", 503, null);

    assertThat(delay(reconcile("first"))).isEqualTo(Duration.ofMinutes(1));

    assertThat(status("first").getPhase()).isEqualTo("Deploying");
    assertThat(client.apps().daemonSets().inNamespace(NS).withName("first-oneagent").get()).isNull();
  }

  @Test
  void emptyEndpointsPostponeForAMinute() {
    DynaKube dk = Fixtures.dynaKube("dynakube-host-monitoring");
    dk.getMetadata().setName("zoned");
    dk.getSpec().setNetworkZone("z1");
    create(dk);
    tenant.agentInfo = ConnectionInfo.EMPTY;

    assertThat(delay(reconcile("zoned"))).isEqualTo(Duration.ofMinutes(1));

    assertThat(status("zoned").getPhase()).isEqualTo("Deploying");
    assertThat(condition(status("zoned"), "OneAgentConnectionInfo").getMessage())
        .isEqualTo("The tenant returned no communication endpoints for zone 'z1'; retrying in 1 minute.");
  }

  @Test
  void rejectedTokenIsAnErrorRetriedWithBackoff() {
    hostMonitoring("rejected");
    tenant.fail("1", 401, null);

    assertThatThrownBy(() -> reconcile("rejected")).isInstanceOf(ReconcileFailedException.class);

    DynaKubeStatus status = status("rejected");
    assertThat(status.getPhase()).isEqualTo("Error");
    assertThat(condition(status, "Tokens").getReason()).isEqualTo("TokenError");
    assertThat(condition(status, "Tokens").getMessage())
        .isEqualTo("The tenant rejected apiToken (HTTP 401). Check that the token exists and is not expired.");
  }

  @Test
  void missingTokensSecretStopsWithAConditionAndAnEvent() {
    DynaKube dk = Fixtures.dynaKube("dynakube-host-monitoring");
    dk.getMetadata().setName("notokens");
    dk.getMetadata().setUid(null);
    dk.getSpec().getOneAgent().getHostMonitoring().setNodeSelector(Map.of("pool", "notokens"));
    client.resources(DynaKube.class).inNamespace(NS).resource(dk).create();

    assertThat(delay(reconcile("notokens"))).isEqualTo(Duration.ofMinutes(15));

    assertThat(status("notokens").getPhase()).isEqualTo("Error");
    assertThat(condition(status("notokens"), "Tokens").getReason()).isEqualTo("TokenSecretNotFound");
    assertThat(events("notokens")).extracting(Event::getReason).contains("TokensInvalid");
    assertThat(tenant.calls("1")).isZero();
  }

  @Test
  void missingCustomPullSecretIsReportedButStillReferenced() {
    DynaKube dk = Fixtures.dynaKube("dynakube-host-monitoring");
    dk.getMetadata().setName("nocustom");
    dk.getSpec().setCustomPullSecret("not-there");
    create(dk);

    reconcile("nocustom");

    Condition condition = condition(status("nocustom"), "CustomPullSecret");
    assertThat(condition.getReason()).isEqualTo("NotFound");
    assertThat(condition.getMessage()).isEqualTo("Secret astromkey/not-there from spec.customPullSecret does not exist;"
        + " workloads referencing it cannot pull private images until it is created.");
    assertThat(events("nocustom")).extracting(Event::getReason).containsOnlyOnce("CustomPullSecretNotFound");
    DaemonSet ds = client.apps().daemonSets().inNamespace(NS).withName("nocustom-oneagent").get();
    assertThat(ds.getSpec().getTemplate().getSpec().getImagePullSecrets()).extracting(LocalObjectReference::getName)
        .containsExactly("not-there", "nocustom-pull-secret");

    reconcile("nocustom");
    assertThat(events("nocustom")).extracting(Event::getReason).containsOnlyOnce("CustomPullSecretNotFound");
  }

  @Test
  void aNewTenantVersionRollsTheDaemonSetAndIsAnEvent() {
    hostMonitoring("rolling");
    reconcile("rolling");
    String before = image("rolling");

    tenant.latestAgentVersion = "1.302.0.20241001-000000";
    reconcile("rolling");

    assertThat(image("rolling")).isNotEqualTo(before).endsWith("/linux/oneagent:1.302.0-raw");
    assertThat(events("rolling")).filteredOn(e -> e.getReason().equals("OneAgentVersionChanged")).singleElement()
        .satisfies(e -> assertThat(e.getMessage()).isEqualTo(before + " → " + image("rolling")));
    assertThat(condition(status("rolling"), "OneAgentDaemonSet").getReason()).isEqualTo("Updated");
  }

  @Test
  void apiTokenInAkclientConfigIsAWarning() {
    DynaKube dk = Fixtures.dynaKube("dynakube-application-monitoring");
    dk.getMetadata().setName("apitoken");
    create(dk);

    reconcile("apitoken");

    assertThat(events("apitoken")).extracting(Event::getReason).contains("ApiTokenReplicated");
    assertThat(condition(status("apitoken"), "CodeModulesInjection").getStatus()).isEqualTo("True");
    assertThat(status("apitoken").getCodeModules().getSource()).isEqualTo("tenant-registry");
  }

  @Test
  void aComponentSwitchedOffDeletesWhatItCreated() {
    DynaKube dk = Fixtures.dynaKube("dynakube-cloudnative-private-registry");
    dk.getMetadata().setName("shrinking");
    dk.getSpec().setCustomPullSecret(null);
    dk.getSpec().getOneAgent().cloudNative().setNamespaceSelector(
        new io.fabric8.kubernetes.api.model.LabelSelectorBuilder().withMatchLabels(Map.of("team", "shrinking")).build());
    create(dk);
    reconcile("shrinking");
    assertThat(client.apps().statefulSets().inNamespace(NS).withName("shrinking-activegate").get()).isNotNull();
    assertThat(client.secrets().inNamespace(NS).withName("shrinking-activegate-authtoken-secret").get()).isNotNull();

    client.resources(DynaKube.class).inNamespace(NS).withName("shrinking").edit(d -> {
      d.getSpec().setActiveGate(null);
      return d;
    });
    reconcile("shrinking");

    assertThat(client.apps().statefulSets().inNamespace(NS).withName("shrinking-activegate").get()).isNull();
    assertThat(client.services().inNamespace(NS).withName("shrinking-activegate").get()).isNull();
    assertThat(client.secrets().inNamespace(NS).withName("shrinking-activegate-authtoken-secret").get()).isNull();
    assertThat(client.configMaps().inNamespace(NS).withName("shrinking-activegate-connection-info").get()).isNull();
    assertThat(status("shrinking").getActiveGate()).isNull();
    assertThat(condition(status("shrinking"), "ActiveGateStatefulSet")).isNull();
    assertThat(client.secrets().inNamespace(NS).withName("shrinking-pull-secret").get()).isNotNull();

    client.resources(DynaKube.class).inNamespace(NS).withName("shrinking").edit(d -> {
      com.astromkey.domain.dynakube.spec.ApplicationMonitoringSpec appMon =
          new com.astromkey.domain.dynakube.spec.ApplicationMonitoringSpec();
      appMon.setNamespaceSelector(d.getSpec().getOneAgent().cloudNative().getNamespaceSelector());
      d.getSpec().getOneAgent().setCloudNativeFullStack(null);
      d.getSpec().getOneAgent().setApplicationMonitoring(appMon);
      return d;
    });
    reconcile("shrinking");

    assertThat(client.apps().daemonSets().inNamespace(NS).withName("shrinking-oneagent").get()).isNull();
    assertThat(client.secrets().inNamespace(NS).withName("shrinking-pull-secret").get()).isNull();
    assertThat(client.secrets().inNamespace(NS).withName("shrinking-oneagent-tenant-secret").get()).isNull();
    DynaKubeStatus status = status("shrinking");
    assertThat(status.getOneAgent().getImageID()).isNull();
    assertThat(status.getOneAgent().getConnectionInfoStatus().getTenantUUID()).isEqualTo(FakeTenantApi.TENANT_UUID);
    assertThat(condition(status, "PullSecret")).isNull();
    assertThat(condition(status, "OneAgentDaemonSet")).isNull();
    assertThat(status.getObservedGeneration()).isEqualTo(3L);
  }

  private DynaKube hostMonitoring(String name) {
    DynaKube dk = Fixtures.dynaKube("dynakube-host-monitoring");
    dk.getMetadata().setName(name);
    return create(dk);
  }

  private static DynaKube create(DynaKube dk) {
    dk.getMetadata().setUid(null);
    dk.getSpec().getOneAgent().mode().filter(m -> m.runsDaemonSet())
        .ifPresent(m -> dk.getSpec().getOneAgent().hostSpec(m).setNodeSelector(Map.of("pool", dk.getMetadata().getName())));
    MockCluster.secret(client, dk.getMetadata().getName(), "Opaque", Map.of(SecretKeys.API_TOKEN, "api-token"));
    return client.resources(DynaKube.class).inNamespace(NS).resource(dk).create();
  }

  private UpdateControl<DynaKube> reconcile(String name) {
    return reconciler.reconcile(client.resources(DynaKube.class).inNamespace(NS).withName(name).get(), null);
  }

  private static Duration delay(UpdateControl<DynaKube> control) {
    return Duration.ofMillis(control.getScheduleDelay().orElseThrow());
  }

  private static DynaKubeStatus status(String name) {
    return client.resources(DynaKube.class).inNamespace(NS).withName(name).get().getStatus();
  }

  private static String image(String name) {
    return client.apps().daemonSets().inNamespace(NS).withName(name + "-oneagent").get().getSpec().getTemplate().getSpec()
        .getContainers().get(0).getImage();
  }

  private static List<Event> events(String name) {
    return client.v1().events().inNamespace(NS).list().getItems().stream()
        .filter(e -> name.equals(e.getInvolvedObject().getName())).toList();
  }

  private static Condition condition(DynaKubeStatus status, String type) {
    return status.getConditions().stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null);
  }
}
