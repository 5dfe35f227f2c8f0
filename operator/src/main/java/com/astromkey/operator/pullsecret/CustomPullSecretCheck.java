package com.astromkey.operator.pullsecret;

import com.astromkey.domain.names.SecretKeys;
import com.astromkey.operator.dynakube.ReconcileRun;
import com.astromkey.operator.events.EventRecorder;
import com.astromkey.operator.status.ConditionTypes;
import com.astromkey.operator.status.Messages;
import io.fabric8.kubernetes.api.model.Secret;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Condition {@code CustomPullSecret} (operator.md §5.3): the secret stays referenced either way; a problem is also a
 * Warning event, once per (secret name, resourceVersion or absence).
 */
public final class CustomPullSecretCheck {
  private final Map<String, String> lastWarned = new ConcurrentHashMap<>();

  public void run(ReconcileRun run) {
    String name = run.dk().getSpec().getCustomPullSecret();
    if (name == null || name.isBlank()) {
      run.conditions().remove(ConditionTypes.CUSTOM_PULL_SECRET);
      return;
    }
    Secret secret = run.kube().get(Secret.class, run.namespace(), name);
    if (secret == null) {
      warn(run, ConditionTypes.REASON_NOT_FOUND, "CustomPullSecretNotFound", name + "|absent",
          Messages.customPullSecretNotFound(run.namespace(), name));
    } else if (!SecretKeys.TYPE_DOCKER_CONFIG_JSON.equals(secret.getType()) || secret.getData() == null
        || !secret.getData().containsKey(SecretKeys.DOCKER_CONFIG_JSON)) {
      warn(run, ConditionTypes.REASON_WRONG_TYPE, "CustomPullSecretWrongType",
          name + "|" + secret.getMetadata().getResourceVersion(), Messages.customPullSecretWrongType(run.namespace(), name));
    } else {
      lastWarned.remove(run.dk().getMetadata().getUid());
      run.conditions().setTrue(ConditionTypes.CUSTOM_PULL_SECRET, ConditionTypes.REASON_FOUND,
          Messages.customPullSecretFound(run.namespace(), name));
    }
  }

  public void forget(String uid) {
    lastWarned.remove(uid);
  }

  private void warn(ReconcileRun run, String reason, String eventReason, String key, String message) {
    run.conditions().setFalse(ConditionTypes.CUSTOM_PULL_SECRET, reason, message);
    String previous = lastWarned.put(run.dk().getMetadata().getUid(), key);
    if (!key.equals(previous)) {
      run.events().record(run.dk(), EventRecorder.WARNING, eventReason, message);
    }
  }
}
