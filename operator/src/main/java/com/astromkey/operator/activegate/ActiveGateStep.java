package com.astromkey.operator.activegate;

import com.astromkey.domain.dynakube.status.ActiveGateStatus;
import com.astromkey.domain.names.Annotations;
import com.astromkey.domain.names.ObjectNames;
import com.astromkey.operator.connectioninfo.ConnectionInfoStep;
import com.astromkey.operator.dynakube.ReconcileRun;
import com.astromkey.operator.dynakube.StepResult;
import com.astromkey.operator.kube.Hashes;
import com.astromkey.operator.kube.WriteResult;
import com.astromkey.operator.pullsecret.PullSecretStep;
import com.astromkey.operator.status.ConditionTypes;
import com.astromkey.operator.status.Messages;
import com.astromkey.operator.version.VersionResolver;
import com.astromkey.tenant.ActiveGateToken;
import com.astromkey.tenant.TenantApiException;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.ArrayList;
import java.util.List;

/**
 * Step 6: connection info → version → pull secret → auth token → Service → StatefulSet (operator.md §6.2), or removal of
 * everything ActiveGate when no capability is set.
 */
public final class ActiveGateStep {
  private final VersionResolver versions;
  private final ConnectionInfoStep connectionInfo;
  private final PullSecretStep pullSecret;

  public ActiveGateStep(VersionResolver versions, ConnectionInfoStep connectionInfo, PullSecretStep pullSecret) {
    this.versions = versions;
    this.connectionInfo = connectionInfo;
    this.pullSecret = pullSecret;
  }

  public StepResult run(ReconcileRun run) {
    if (!run.dk().getSpec().activeGateEnabled()) {
      remove(run);
      return StepResult.done();
    }
    StepResult info = connectionInfo.gateway(run);
    if (info.is(StepResult.Kind.POSTPONED)) {
      return info;
    }
    versions.activeGate(run);
    pullSecret.run(run);
    authToken(run);
    ActiveGateStatus status = run.status().getActiveGate();
    run.kube().apply(ActiveGateService.build(run.dk()), Annotations.SPEC_HASH, ActiveGateService::preserveClusterIps);
    serviceIps(run, status);
    String configHash = Hashes.sha256(ActiveGateStatefulSet.capabilities(run.dk().getSpec().getActiveGate()) + "|"
        + status.getConnectionInfoStatus().getTenantUUID() + "|" + status.getConnectionInfoStatus().getEndpoints());
    StatefulSet desired = ActiveGateStatefulSet.build(run.dk(), new ActiveGateStatefulSet.Inputs(status.getImageID(),
        status.getVersion(), status.getConnectionInfoStatus().getTenantTokenHash(), configHash, !run.proxyUrl().isEmpty(),
        run.status().getKubeSystemUUID(), run.config().helmPullSecret()));
    WriteResult result = run.kube().apply(desired, Annotations.SPEC_HASH);
    String reason = result == WriteResult.CREATED ? ConditionTypes.REASON_CREATED
        : result == WriteResult.UPDATED ? ConditionTypes.REASON_UPDATED : ConditionTypes.REASON_UP_TO_DATE;
    run.conditions().setTrue(ConditionTypes.ACTIVEGATE_STATEFULSET, reason,
        Messages.workload("StatefulSet", desired.getMetadata().getName(), reason));
    return StepResult.done();
  }

  /** Whether every desired ActiveGate replica is ready. */
  public static boolean ready(ReconcileRun run) {
    if (!run.dk().getSpec().activeGateEnabled()) {
      return true;
    }
    StatefulSet sts = run.kube().get(StatefulSet.class, run.namespace(), ObjectNames.activeGateStatefulSetName(run.dk()));
    if (sts == null || sts.getStatus() == null) {
      return false;
    }
    int ready = sts.getStatus().getReadyReplicas() == null ? 0 : sts.getStatus().getReadyReplicas();
    int replicas = sts.getSpec().getReplicas() == null ? 1 : sts.getSpec().getReplicas();
    return ready >= replicas;
  }

  private static void authToken(ReconcileRun run) {
    String name = ObjectNames.activeGateAuthTokenSecretName(run.dk());
    Secret existing = run.kube().get(Secret.class, run.namespace(), name);
    if (!AuthTokenSecret.needsNewToken(existing, run.now())) {
      run.conditions().setTrue(ConditionTypes.ACTIVEGATE_AUTH_TOKEN_SECRET, ConditionTypes.REASON_SECRET_UP_TO_DATE,
          Messages.secretWritten(name));
      return;
    }
    ActiveGateToken token;
    try {
      token = run.tenant().createActiveGateToken(run.name());
    } catch (TenantApiException e) {
      run.conditions().setFalse(ConditionTypes.ACTIVEGATE_AUTH_TOKEN_SECRET, ConditionTypes.REASON_API_ERROR,
          Messages.authTokenFailed(e));
      if (existing == null) {
        throw e;
      }
      if (e.isUnavailable()) {
        run.noteUnavailable(e);
      }
      return;
    }
    if (existing != null) {
      run.kube().delete(Secret.class, run.namespace(), name);
    }
    run.kube().apply(AuthTokenSecret.build(run.dk(), token.token()), Annotations.CONTENT_HASH);
    run.conditions().setTrue(ConditionTypes.ACTIVEGATE_AUTH_TOKEN_SECRET, ConditionTypes.REASON_SECRET_CREATED,
        Messages.secretWritten(name));
  }

  private static void serviceIps(ReconcileRun run, ActiveGateStatus status) {
    Service service = run.kube().get(Service.class, run.namespace(), ObjectNames.activeGateServiceName(run.dk()));
    List<String> ips = new ArrayList<>();
    if (service != null && service.getSpec() != null) {
      if (service.getSpec().getClusterIPs() != null && !service.getSpec().getClusterIPs().isEmpty()) {
        ips.addAll(service.getSpec().getClusterIPs());
      } else if (service.getSpec().getClusterIP() != null && !service.getSpec().getClusterIP().isEmpty()) {
        ips.add(service.getSpec().getClusterIP());
      }
    }
    status.setServiceIPs(ips.isEmpty() ? null : ips);
  }

  private static void remove(ReconcileRun run) {
    run.kube().delete(StatefulSet.class, run.namespace(), ObjectNames.activeGateStatefulSetName(run.dk()));
    run.kube().delete(Service.class, run.namespace(), ObjectNames.activeGateServiceName(run.dk()));
    run.kube().delete(ConfigMap.class, run.namespace(), ObjectNames.activeGateConnectionInfoConfigMapName(run.dk()));
    run.kube().delete(Secret.class, run.namespace(), ObjectNames.activeGateTenantSecretName(run.dk()));
    run.kube().delete(Secret.class, run.namespace(), ObjectNames.activeGateAuthTokenSecretName(run.dk()));
    run.status().setActiveGate(null);
    for (String type : List.of(ConditionTypes.ACTIVEGATE_VERSION, ConditionTypes.ACTIVEGATE_CONNECTION_INFO,
        ConditionTypes.ACTIVEGATE_STATEFULSET, ConditionTypes.ACTIVEGATE_AUTH_TOKEN_SECRET)) {
      run.conditions().remove(type);
    }
  }
}
