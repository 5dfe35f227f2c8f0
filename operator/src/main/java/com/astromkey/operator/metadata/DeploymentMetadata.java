package com.astromkey.operator.metadata;

import com.astromkey.domain.dynakube.DynaKube;
import com.astromkey.domain.dynakube.spec.OneAgentMode;
import com.astromkey.domain.names.Labels;
import com.astromkey.domain.names.ObjectNames;
import com.astromkey.domain.names.SecretKeys;
import com.astromkey.operator.kube.OwnedObjects;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Builds {@code <dk>-deployment-metadata}: what the agents report about how they were deployed (operator.md §6.3). */
public final class DeploymentMetadata {
  private DeploymentMetadata() {}

  public static String type(OneAgentMode mode) {
    switch (mode) {
      case CLASSIC_FULL_STACK: return "classic_fullstack";
      case CLOUD_NATIVE_FULL_STACK: return "cloud_native_fullstack";
      case HOST_MONITORING: return "host_monitoring";
      default: return "application_monitoring";
    }
  }

  /** {@code deployment=operator-<type>;operator_version=<v>;cluster_id=<uuid>} (README §5.1). */
  public static String value(String type, String operatorVersion, String kubeSystemUUID) {
    return "deployment=operator-" + type + ";operator_version=" + operatorVersion + ";cluster_id=" + kubeSystemUUID;
  }

  public static ConfigMap build(DynaKube dk, String operatorVersion, String kubeSystemUUID) {
    Map<String, String> data = new LinkedHashMap<>();
    Optional<OneAgentMode> mode = dk.getSpec().getOneAgent() == null ? Optional.empty() : dk.getSpec().getOneAgent().mode();
    mode.ifPresent(m -> data.put(SecretKeys.DEPLOYMENT_METADATA_ONEAGENT, value(type(m), operatorVersion, kubeSystemUUID)));
    if (dk.getSpec().activeGateEnabled()) {
      data.put(SecretKeys.DEPLOYMENT_METADATA_ACTIVEGATE, value("active_gate", operatorVersion, kubeSystemUUID));
    }
    data.put(SecretKeys.DEPLOYMENT_METADATA_OPERATOR, operatorVersion);
    return new ConfigMapBuilder()
        .withMetadata(OwnedObjects.meta(dk, ObjectNames.deploymentMetadataConfigMapName(dk),
            OwnedObjects.labels(dk, null, Labels.COMPONENT_OPERATOR)))
        .withData(data)
        .build();
  }
}
