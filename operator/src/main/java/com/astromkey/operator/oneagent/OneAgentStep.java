package com.astromkey.operator.oneagent;

import com.astromkey.domain.dynakube.spec.OneAgentMode;
import com.astromkey.domain.dynakube.status.OneAgentInstance;
import com.astromkey.domain.dynakube.status.OneAgentStatus;
import com.astromkey.domain.names.Annotations;
import com.astromkey.domain.names.Labels;
import com.astromkey.domain.names.ObjectNames;
import com.astromkey.operator.connectioninfo.ConnectionInfoStep;
import com.astromkey.operator.dynakube.ReconcileRun;
import com.astromkey.operator.dynakube.StepResult;
import com.astromkey.operator.kube.OwnedObjects;
import com.astromkey.operator.kube.WriteResult;
import com.astromkey.operator.pullsecret.PullSecretStep;
import com.astromkey.operator.status.ConditionTypes;
import com.astromkey.operator.status.Messages;
import com.astromkey.operator.version.VersionResolver;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/** Step 8: version → connection info → pull secret → DaemonSet → instances, or removal when no host mode is set. */
public final class OneAgentStep {
  static final Duration INSTANCES_REFRESH = Duration.ofMinutes(5);

  private final VersionResolver versions;
  private final ConnectionInfoStep connectionInfo;
  private final PullSecretStep pullSecret;

  public OneAgentStep(VersionResolver versions, ConnectionInfoStep connectionInfo, PullSecretStep pullSecret) {
    this.versions = versions;
    this.connectionInfo = connectionInfo;
    this.pullSecret = pullSecret;
  }

  public StepResult run(ReconcileRun run) {
    OneAgentMode mode = run.mode().filter(OneAgentMode::runsDaemonSet).orElse(null);
    if (mode == null) {
      remove(run);
      return StepResult.done();
    }
    versions.oneAgent(run, mode);
    StepResult info = connectionInfo.agent(run);
    if (info.is(StepResult.Kind.POSTPONED)) {
      return info;
    }
    pullSecret.run(run);
    OneAgentStatus status = run.status().getOneAgent();
    DaemonSet desired = OneAgentDaemonSet.build(run.dk(), mode, new OneAgentDaemonSet.Inputs(
        status.getImageID(), status.getVersion(), status.getHealthcheck(),
        status.getConnectionInfoStatus().getTenantTokenHash(), run.status().getProxyURLHash(), !run.proxyUrl().isEmpty(),
        run.flags().noProxy(), run.status().getKubeSystemUUID(), status.getConnectionInfoStatus().getTenantUUID(),
        run.config().helmPullSecret(), run.config().modules().csiDriver()));
    WriteResult result = run.kube().apply(desired, Annotations.SPEC_HASH);
    run.conditions().setTrue(ConditionTypes.ONEAGENT_DAEMONSET, reason(result),
        Messages.workload("DaemonSet", desired.getMetadata().getName(), reason(result)));
    refreshInstances(run, status);
    return StepResult.done();
  }

  /** Whether the DaemonSet has rolled out: observed the latest generation and every scheduled pod is ready. */
  public static boolean ready(ReconcileRun run) {
    if (run.mode().filter(OneAgentMode::runsDaemonSet).isEmpty()) {
      return true;
    }
    DaemonSet ds = run.kube().get(DaemonSet.class, run.namespace(), ObjectNames.oneAgentDaemonSetName(run.dk()));
    if (ds == null || ds.getStatus() == null) {
      return false;
    }
    long observed = ds.getStatus().getObservedGeneration() == null ? 0 : ds.getStatus().getObservedGeneration();
    long generation = ds.getMetadata().getGeneration() == null ? 0 : ds.getMetadata().getGeneration();
    int ready = ds.getStatus().getNumberReady() == null ? 0 : ds.getStatus().getNumberReady();
    int desired = ds.getStatus().getDesiredNumberScheduled() == null ? 0 : ds.getStatus().getDesiredNumberScheduled();
    return observed >= generation && ready >= desired;
  }

  private static void refreshInstances(ReconcileRun run, OneAgentStatus status) {
    String last = status.getLastInstanceStatusUpdate();
    if (last != null && Duration.between(Instant.parse(last), run.now()).compareTo(INSTANCES_REFRESH) < 0) {
      return;
    }
    Map<String, OneAgentInstance> instances = new TreeMap<>();
    for (Pod pod : run.kube().client().pods().inNamespace(run.namespace())
        .withLabels(OwnedObjects.selector(run.dk(), Labels.NAME_ONEAGENT)).list().getItems()) {
      if (pod.getSpec() != null && pod.getSpec().getNodeName() != null) {
        OneAgentInstance instance = new OneAgentInstance();
        instance.setPodName(pod.getMetadata().getName());
        instance.setIpAddress(pod.getStatus() == null ? null : pod.getStatus().getPodIP());
        instances.put(pod.getSpec().getNodeName(), instance);
      }
    }
    Map<String, OneAgentInstance> value = instances.isEmpty() ? null : instances;
    if (!Objects.equals(json(status.getInstances()), json(value)) || last == null) {
      status.setInstances(value);
      status.setLastInstanceStatusUpdate(run.now().toString());
    }
  }

  private static String json(Object value) {
    return io.fabric8.kubernetes.client.utils.Serialization.asJson(value);
  }

  private static void remove(ReconcileRun run) {
    run.kube().delete(DaemonSet.class, run.namespace(), ObjectNames.oneAgentDaemonSetName(run.dk()));
    run.kube().delete(ConfigMap.class, run.namespace(), ObjectNames.oneAgentConnectionInfoConfigMapName(run.dk()));
    run.kube().delete(Secret.class, run.namespace(), ObjectNames.oneAgentTenantSecretName(run.dk()));
    run.conditions().remove(ConditionTypes.ONEAGENT_DAEMONSET);
    run.conditions().remove(ConditionTypes.ONEAGENT_VERSION);
    OneAgentStatus status = run.status().getOneAgent();
    if (status != null) {
      // connectionInfoStatus is still used by injection
      OneAgentStatus kept = new OneAgentStatus();
      kept.setConnectionInfoStatus(status.getConnectionInfoStatus());
      run.status().setOneAgent(kept.getConnectionInfoStatus() == null ? null : kept);
    }
    if (run.mode().isEmpty()) {
      run.conditions().remove(ConditionTypes.ONEAGENT_CONNECTION_INFO);
    }
  }

  static String reason(WriteResult result) {
    return result == WriteResult.CREATED ? ConditionTypes.REASON_CREATED
        : result == WriteResult.UPDATED ? ConditionTypes.REASON_UPDATED : ConditionTypes.REASON_UP_TO_DATE;
  }
}
