package com.astromkey.e2e.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.astromkey.domain.dynakube.DynaKube;
import com.astromkey.domain.dynakube.status.DynaKubeStatus;
import com.astromkey.domain.names.EnvVars;
import com.astromkey.domain.names.ObjectNames;
import com.astromkey.e2e.harness.E2eSandboxExtension;
import com.astromkey.e2e.sandbox.AdmissionCaller;
import com.astromkey.e2e.sandbox.CustomerFlow;
import com.astromkey.e2e.sandbox.E2eSandbox;
import com.astromkey.e2e.sandbox.ReconcileDriver;
import com.astromkey.operator.OperatorConfig;
import com.astromkey.operator.dynakube.ReconcileFailedException;
import com.astromkey.operator.status.ConditionTypes;
import com.astromkey.sandbox.tenant.SimFault;
import com.astromkey.sandbox.tenant.SimRequest;
import com.astromkey.sandbox.tenant.SimToken;
import com.astromkey.sandbox.tenant.TenantSimState;
import com.astromkey.sandbox.time.TestClock;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Section 4 (tenant faults) of scenarios.md: the simulator's faults against the operator's reconciler, driven one reconcile
 * at a time on the sandbox so that the requeue it returns is asserted; the test clock moves past the tenant cache's TTL.
 */
class TenantFaultScenarioIT {
  private static final String DK = "dynakube";
  private static final String FRESH = "fresh";
  private static final String AGENT_METAINFO = ".*/v1/deployment/installer/agent/[^/]+/default/latest/metainfo";
  private static final String AGENT_CONNECTION_INFO = ".*/v1/deployment/installer/agent/connectioninfo";
  private static final String NEW_VERSION = "1.302.0.20241001-000000";
  /** Past the default {@code astromkeyApiRequestThreshold} (15 min), so the next reconcile asks the tenant again. */
  private static final Duration PAST_CACHE = Duration.ofMinutes(16);
  /** Below the slow fault, so the tenant client gives up first. */
  private static final String CLIENT_READ_TIMEOUT = "1s";

  @RegisterExtension
  final E2eSandboxExtension sandbox = E2eSandboxExtension.withoutCsi();

  private final TestClock clock = TestClock.atNow();
  private E2eSandbox s;
  private CustomerFlow flow;
  private ReconcileDriver operator;

  @BeforeEach
  void driveTheReconcilerByHand() {
    s = sandbox.get();
    flow = new CustomerFlow(s);
    s.stopOperator();
    operator = new ReconcileDriver(s, s.operatorConfig(Map.of(EnvVars.AK_CLIENT_READ_TIMEOUT, CLIENT_READ_TIMEOUT)), clock);
  }

  @AfterEach
  void closeDriver() {
    if (operator != null) {
      operator.close();
    }
  }

  @Test
  void tenant_429() throws Exception {
    apply(DK);
    running(DK);
    DynaKubeStatus before = status(DK);
    String image = daemonSetImage(DK);
    s.tenant().state().setLatestAgentVersion(NEW_VERSION);
    s.tenant().fault(SimFault.status(429).retryAfter("90").on("GET", AGENT_METAINFO));
    clock.advance(PAST_CACHE);

    assertThat(ReconcileDriver.requeue(operator.reconcile(DK))).isEqualTo(Duration.ofSeconds(90));

    assertThat(s.tenant().requests(AGENT_METAINFO)).last().extracting(SimRequest::status).isEqualTo(429);
    DynaKubeStatus during = status(DK);
    assertThat(during.getPhase()).isEqualTo(before.getPhase()).isEqualTo("Running");
    assertThat(during.getOneAgent().getImageID()).isEqualTo(before.getOneAgent().getImageID());
    assertCondition(during, ConditionTypes.ONEAGENT_VERSION, "False", ConditionTypes.REASON_API_ERROR);
    assertThat(daemonSetImage(DK)).isEqualTo(image);

    s.tenant().clearFaults();
    assertThat(ReconcileDriver.requeue(operator.reconcile(DK))).isEqualTo(OperatorConfig.DEFAULT_REQUEUE_AFTER);

    assertThat(daemonSetImage(DK)).isNotEqualTo(image).contains("1.302.0");
    assertThat(status(DK).getOneAgent().getImageID()).isNotEqualTo(before.getOneAgent().getImageID()).contains("1.302.0");
    assertCondition(status(DK), ConditionTypes.ONEAGENT_VERSION, "True", null);
  }

  @Test
  void tenant_503_first_reconcile() throws Exception {
    s.tenant().fault(SimFault.status(503).onPath(".*"));
    apply(DK);

    assertThat(ReconcileDriver.requeue(operator.reconcile(DK))).isEqualTo(Duration.ofMinutes(1));

    assertThat(s.tenant().requests(".*")).isNotEmpty().allSatisfy(r -> assertThat(r.status()).isEqualTo(503));
    assertThat(daemonSet(DK)).isNull();
    assertThat(status(DK).getPhase()).isNotEqualTo("Error");

    s.tenant().clearFaults();
    assertThat(ReconcileDriver.requeue(operator.reconcile(DK))).isEqualTo(OperatorConfig.DEFAULT_REQUEUE_AFTER);
    assertThat(daemonSet(DK)).isNotNull();
    assertThat(s.client().configMaps().inNamespace(E2eSandbox.NAMESPACE)
        .withName(ObjectNames.oneAgentConnectionInfoConfigMapName(stored(DK))).get()).isNotNull();
  }

  @Test
  void tenant_401_token_revoked() throws Exception {
    apply(DK);
    running(DK);
    String workload = daemonSet(DK).getMetadata().getResourceVersion();
    s.tenant().state().removeToken(TenantSimState.DEFAULT_API_TOKEN);
    clock.advance(PAST_CACHE);

    assertThatThrownBy(() -> operator.reconcile(DK)).as("an error the SDK retries with backoff")
        .isInstanceOf(ReconcileFailedException.class);

    assertThat(s.tenant().requests(".*")).last().extracting(SimRequest::status).isEqualTo(401);
    assertCondition(status(DK), ConditionTypes.TOKENS, "False", ConditionTypes.REASON_TOKEN_ERROR);
    assertThat(status(DK).getPhase()).isEqualTo("Error");
    assertThat(daemonSet(DK).getMetadata().getResourceVersion()).as("the DaemonSet is left as it was").isEqualTo(workload);

    s.tenant().state().addToken(TenantSimState.DEFAULT_API_TOKEN, new SimToken("api", "api", SimToken.ALL_SCOPES));
    assertThat(ReconcileDriver.requeue(operator.reconcile(DK))).isEqualTo(OperatorConfig.DEFAULT_REQUEUE_AFTER);

    assertThat(status(DK).getPhase()).isEqualTo("Running");
    assertCondition(status(DK), ConditionTypes.TOKENS, "True", ConditionTypes.REASON_TOKEN_READY);
  }

  @Test
  void tenant_slow_and_malformed() throws Exception {
    apply(DK);
    running(DK);
    DynaKubeStatus good = status(DK);
    ConfigMap connectionInfo = connectionInfo(DK);

    for (SimFault.Builder fault : new SimFault.Builder[] {SimFault.slow(3_000), SimFault.malformedJson()}) {
      s.tenant().clearFaults();
      s.tenant().fault(fault.on("GET", AGENT_CONNECTION_INFO));
      clock.advance(PAST_CACHE);

      operator.reconcile(DK);

      DynaKubeStatus kept = status(DK);
      assertThat(kept.getOneAgent().getConnectionInfoStatus()).as("last good connection info after %s", fault.build())
          .usingRecursiveComparison().isEqualTo(good.getOneAgent().getConnectionInfoStatus());
      assertThat(connectionInfo(DK).getData()).isEqualTo(connectionInfo.getData());
      assertThat(condition(kept, ConditionTypes.ONEAGENT_CONNECTION_INFO)).satisfies(c -> {
        assertThat(c.getStatus()).isEqualTo("False");
        assertThat(c.getReason()).isEqualTo(ConditionTypes.REASON_API_ERROR);
        assertThat(c.getMessage()).isEqualTo("Connection info request failed (transient); keeping the previous one.");
      });
      assertThat(kept.getPhase()).isEqualTo("Running");

      String fresh = FRESH + "-" + fault.build().kind().name().toLowerCase(Locale.ROOT).replace('_', '-');
      apply(fresh);
      assertThatThrownBy(() -> operator.reconcile(fresh)).isInstanceOf(ReconcileFailedException.class);
      assertThat(status(fresh).getPhase()).as("a DynaKube that never reconciled successfully, %s", fault.build())
          .isEqualTo("Error");
      assertCondition(status(fresh), ConditionTypes.ONEAGENT_CONNECTION_INFO, "False", ConditionTypes.REASON_API_ERROR);
      assertThat(daemonSet(fresh)).isNull();
    }
    // the simulator logs an exchange when it completes, so the timed-out slow ones show only through the condition above
    assertThat(s.tenant().requests(AGENT_CONNECTION_INFO)).extracting(SimRequest::fault).contains("malformed_json{}");
  }

  /** Admitted through the validating webhook, then stored with its tokens Secret; nothing reconciled yet. */
  private void apply(String name) throws Exception {
    s.tokensSecret(name);
    DynaKube dk = s.dynaKube("dynakube-tenant-faults");
    dk.getMetadata().setName(name);
    // each DynaKube on its own nodes: two host agents on one node would be denied (AKV-070)
    dk.getSpec().getOneAgent().getClassicFullStack().setNodeSelector(Map.of("pool", name));
    AdmissionCaller.Result<DynaKube> admitted = flow.apply(dk);
    assertThat(admitted.allowed()).as(admitted.message()).isTrue();
  }

  /** First reconcile deploys, the test plays the DaemonSet controller, the second reconcile reports Running. */
  private void running(String name) {
    assertThat(ReconcileDriver.requeue(operator.reconcile(name))).isEqualTo(OperatorConfig.DEFAULT_REQUEUE_AFTER);
    flow.markWorkloadsReady(name);
    operator.reconcile(name);
    assertThat(status(name).getPhase()).isEqualTo("Running");
  }

  private DynaKube stored(String name) {
    return s.client().resources(DynaKube.class).inNamespace(E2eSandbox.NAMESPACE).withName(name).get();
  }

  private DynaKubeStatus status(String name) {
    return stored(name).getStatus();
  }

  private DaemonSet daemonSet(String name) {
    return s.client().apps().daemonSets().inNamespace(E2eSandbox.NAMESPACE).withName(name + "-oneagent").get();
  }

  private String daemonSetImage(String name) {
    return daemonSet(name).getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
  }

  private ConfigMap connectionInfo(String name) {
    return s.client().configMaps().inNamespace(E2eSandbox.NAMESPACE)
        .withName(ObjectNames.oneAgentConnectionInfoConfigMapName(stored(name))).get();
  }

  private static Condition condition(DynaKubeStatus status, String type) {
    return status.getConditions().stream().filter(c -> c.getType().equals(type)).findFirst()
        .orElseThrow(() -> new AssertionError("no condition " + type + " in " + status.getConditions()));
  }

  private static void assertCondition(DynaKubeStatus status, String type, String value, String reason) {
    Condition condition = condition(status, type);
    assertThat(condition.getStatus()).as(type + ": " + condition.getMessage()).isEqualTo(value);
    if (reason != null) {
      assertThat(condition.getReason()).as(type + ": " + condition.getMessage()).isEqualTo(reason);
    }
  }
}
