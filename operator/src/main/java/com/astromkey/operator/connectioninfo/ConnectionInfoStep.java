package com.astromkey.operator.connectioninfo;

import com.astromkey.domain.dynakube.status.ActiveGateStatus;
import com.astromkey.domain.dynakube.status.ConnectionInfoStatus;
import com.astromkey.domain.dynakube.status.OneAgentStatus;
import com.astromkey.domain.names.Annotations;
import com.astromkey.domain.names.ObjectNames;
import com.astromkey.operator.dynakube.ReconcileRun;
import com.astromkey.operator.dynakube.StepResult;
import com.astromkey.operator.kube.Hashes;
import com.astromkey.operator.status.ConditionTypes;
import com.astromkey.operator.status.Messages;
import com.astromkey.tenant.CommunicationEndpoint;
import com.astromkey.tenant.ConnectionInfo;
import com.astromkey.tenant.TenantApiException;
import io.fabric8.kubernetes.api.model.Secret;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * OneAgent and ActiveGate connection info (operator.md §3.2): status, ConfigMap and tenant-token Secret. Empty
 * endpoints postpone; a failed call keeps the previous info, or fails the step when there is none.
 */
public final class ConnectionInfoStep {
  private static final String AGENT = "agent";

  public StepResult agent(ReconcileRun run) {
    if (run.agentInfo() != null) {
      return StepResult.done();
    }
    OneAgentStatus status = run.status().getOneAgent() == null ? new OneAgentStatus() : run.status().getOneAgent();
    run.status().setOneAgent(status);
    if (status.getConnectionInfoStatus() == null) {
      status.setConnectionInfoStatus(new ConnectionInfoStatus());
    }
    return fetch(run, status.getConnectionInfoStatus(), ConditionTypes.ONEAGENT_CONNECTION_INFO, AGENT,
        () -> run.tenant().agentConnectionInfo());
  }

  public StepResult gateway(ReconcileRun run) {
    ActiveGateStatus status = run.status().getActiveGate() == null ? new ActiveGateStatus() : run.status().getActiveGate();
    run.status().setActiveGate(status);
    if (status.getConnectionInfoStatus() == null) {
      status.setConnectionInfoStatus(new ConnectionInfoStatus());
    }
    return fetch(run, status.getConnectionInfoStatus(), ConditionTypes.ACTIVEGATE_CONNECTION_INFO, "gateway",
        () -> run.tenant().gatewayConnectionInfo());
  }

  private StepResult fetch(ReconcileRun run, ConnectionInfoStatus status, String conditionType, String kind,
      Supplier<ConnectionInfo> call) {
    boolean agent = AGENT.equals(kind);
    boolean known = isSet(status.getTenantUUID()) && isSet(status.getEndpoints());
    ConnectionInfo info;
    try {
      info = call.get();
    } catch (TenantApiException e) {
      run.conditions().setFalse(conditionType, ConditionTypes.REASON_API_ERROR, Messages.connectionInfoFailed(e, known));
      if (!known || !tenantSecretExists(run, agent)) {
        throw e;
      }
      if (e.isUnavailable()) {
        run.noteUnavailable(e);
      }
      return StepResult.done();
    }
    if (info.isEmpty()) {
      run.conditions().setFalse(conditionType, ConditionTypes.REASON_NO_ENDPOINTS,
          Messages.noEndpoints(run.dk().getSpec().getNetworkZone()));
      return StepResult.postponed();
    }
    String tokenHash = Hashes.sha256(info.tenantToken());
    if (!Objects.equals(status.getTenantUUID(), info.tenantUUID()) || !Objects.equals(status.getEndpoints(), info.endpoints())
        || !Objects.equals(status.getTenantTokenHash(), tokenHash)) {
      status.setLastRequest(run.now().toString());
    }
    status.setTenantUUID(info.tenantUUID());
    status.setEndpoints(info.endpoints());
    status.setTenantTokenHash(tokenHash);
    status.setCommunicationHosts(info.communicationHosts().stream().map(CommunicationEndpoint::toStatus).toList());
    if (agent) {
      run.agentInfo(info);
    }
    if (!agent || run.mode().map(m -> m.runsDaemonSet()).orElse(false)) {
      String configMap = agent ? ObjectNames.oneAgentConnectionInfoConfigMapName(run.dk())
          : ObjectNames.activeGateConnectionInfoConfigMapName(run.dk());
      String secret = agent ? ObjectNames.oneAgentTenantSecretName(run.dk())
          : ObjectNames.activeGateTenantSecretName(run.dk());
      run.kube().apply(ConnectionInfoObjects.configMap(run.dk(), configMap, info), Annotations.CONTENT_HASH);
      run.kube().apply(ConnectionInfoObjects.tenantSecret(run.dk(), secret, info.tenantToken()), Annotations.CONTENT_HASH);
    }
    run.conditions().setTrue(conditionType, ConditionTypes.REASON_READY, Messages.connectionInfoReady(info.tenantUUID()));
    return StepResult.done();
  }

  private static boolean tenantSecretExists(ReconcileRun run, boolean agent) {
    if (agent && !run.mode().map(m -> m.runsDaemonSet()).orElse(false)) {
      return true;
    }
    String name = agent ? ObjectNames.oneAgentTenantSecretName(run.dk()) : ObjectNames.activeGateTenantSecretName(run.dk());
    return run.kube().get(Secret.class, run.namespace(), name) != null;
  }

  private static boolean isSet(String value) {
    return value != null && !value.isEmpty();
  }
}
