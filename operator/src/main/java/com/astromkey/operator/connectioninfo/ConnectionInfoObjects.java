package com.astromkey.operator.connectioninfo;

import com.astromkey.domain.dynakube.DynaKube;
import com.astromkey.domain.names.Labels;
import com.astromkey.domain.names.SecretKeys;
import com.astromkey.operator.kube.OwnedObjects;
import com.astromkey.operator.kube.SecretData;
import com.astromkey.tenant.ConnectionInfo;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builds the connection-info ConfigMap and tenant-token Secret of the OneAgent or the ActiveGate (operator.md §3.2). */
public final class ConnectionInfoObjects {
  private ConnectionInfoObjects() {}

  public static ConfigMap configMap(DynaKube dk, String name, ConnectionInfo info) {
    Map<String, String> data = new LinkedHashMap<>();
    data.put(SecretKeys.TENANT_UUID, info.tenantUUID());
    data.put(SecretKeys.COMMUNICATION_ENDPOINTS, info.endpoints());
    return new ConfigMapBuilder()
        .withMetadata(OwnedObjects.meta(dk, name, OwnedObjects.labels(dk, null, Labels.COMPONENT_OPERATOR)))
        .withData(data)
        .build();
  }

  public static Secret tenantSecret(DynaKube dk, String name, String tenantToken) {
    return new SecretBuilder()
        .withMetadata(OwnedObjects.meta(dk, name, OwnedObjects.labels(dk, null, Labels.COMPONENT_OPERATOR)))
        .withType("Opaque")
        .withData(Map.of(SecretKeys.TENANT_TOKEN,
            SecretData.encode(tenantToken)))
        .build();
  }
}
