package com.astromkey.operator.pullsecret;

import com.astromkey.domain.dynakube.ApiUrl;
import com.astromkey.domain.dynakube.DynaKube;
import com.astromkey.domain.names.Labels;
import com.astromkey.domain.names.ObjectNames;
import com.astromkey.domain.names.SecretKeys;
import com.astromkey.operator.kube.OwnedObjects;
import com.astromkey.operator.kube.SecretData;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.util.Map;

/** Builds {@code <dk>-pull-secret}: the tenant registry credentials (operator.md §5.1). */
public final class TenantPullSecret {
  private TenantPullSecret() {}

  /** Needed when a OneAgent DaemonSet mode is set or the ActiveGate is enabled. */
  public static boolean needed(DynaKube dk) {
    boolean daemonSet = dk.getSpec().getOneAgent() != null
        && dk.getSpec().getOneAgent().mode().map(m -> m.runsDaemonSet()).orElse(false);
    return daemonSet || dk.getSpec().activeGateEnabled();
  }

  /** {@code token} is the paasToken when present, else the apiToken. */
  public static Secret build(DynaKube dk, ApiUrl apiUrl, String tenantUUID, String token) {
    String json = DockerConfigJson.single(apiUrl.apiHost(), tenantUUID, token);
    return new SecretBuilder()
        .withMetadata(OwnedObjects.meta(dk, ObjectNames.pullSecretName(dk),
            OwnedObjects.labels(dk, null, Labels.COMPONENT_OPERATOR)))
        .withType(SecretKeys.TYPE_DOCKER_CONFIG_JSON)
        .withData(Map.of(SecretKeys.DOCKER_CONFIG_JSON,
            SecretData.encode(json)))
        .build();
  }
}
