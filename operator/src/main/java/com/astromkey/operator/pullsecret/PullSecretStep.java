package com.astromkey.operator.pullsecret;

import com.astromkey.domain.dynakube.status.ConnectionInfoStatus;
import com.astromkey.domain.names.Annotations;
import com.astromkey.domain.names.ObjectNames;
import com.astromkey.operator.dynakube.ReconcileRun;
import com.astromkey.operator.dynakube.StepFailedException;
import com.astromkey.operator.kube.WriteResult;
import com.astromkey.operator.status.ConditionTypes;
import com.astromkey.operator.status.Messages;
import io.fabric8.kubernetes.api.model.Secret;

/** Reconciles {@code <dk>-pull-secret} (operator.md §5.1) and reports it as condition {@code PullSecret}. */
public final class PullSecretStep {
  public void run(ReconcileRun run) {
    String name = ObjectNames.pullSecretName(run.dk());
    if (!TenantPullSecret.needed(run.dk())) {
      run.kube().delete(Secret.class, run.namespace(), name);
      run.conditions().remove(ConditionTypes.PULL_SECRET);
      return;
    }
    String tenantUUID = tenantUUID(run);
    if (tenantUUID == null || tenantUUID.isEmpty()) {
      String message = Messages.missingTenantUuid(name);
      run.conditions().setFalse(ConditionTypes.PULL_SECRET, ConditionTypes.REASON_MISSING_TENANT_UUID, message);
      throw new StepFailedException(message);
    }
    WriteResult result = run.kube().apply(TenantPullSecret.build(run.dk(), run.apiUrl(), tenantUUID, run.paasOrApiToken()),
        Annotations.CONTENT_HASH);
    run.conditions().setTrue(ConditionTypes.PULL_SECRET, reason(result), Messages.secretWritten(name));
  }

  /** From the OneAgent connection info, or the ActiveGate one when no OneAgent DaemonSet mode is set or it is not known yet. */
  private static String tenantUUID(ReconcileRun run) {
    boolean daemonSet = run.mode().map(m -> m.runsDaemonSet()).orElse(false);
    ConnectionInfoStatus agent = run.status().getOneAgent() == null ? null : run.status().getOneAgent().getConnectionInfoStatus();
    ConnectionInfoStatus gateway = run.status().getActiveGate() == null ? null
        : run.status().getActiveGate().getConnectionInfoStatus();
    if (daemonSet && agent != null && agent.getTenantUUID() != null && !agent.getTenantUUID().isEmpty()) {
      return agent.getTenantUUID();
    }
    return gateway == null ? null : gateway.getTenantUUID();
  }

  private static String reason(WriteResult result) {
    return result == WriteResult.UPDATED ? ConditionTypes.REASON_SECRET_UPDATED
        : result == WriteResult.CREATED ? ConditionTypes.REASON_SECRET_CREATED : ConditionTypes.REASON_SECRET_UP_TO_DATE;
  }
}
