package com.astromkey.operator.metadata;

import com.astromkey.domain.names.Annotations;
import com.astromkey.domain.names.ObjectNames;
import com.astromkey.operator.dynakube.ReconcileRun;
import io.fabric8.kubernetes.api.model.Namespace;

/** Steps 3 and 4: the cluster id in status and the {@code <dk>-deployment-metadata} ConfigMap. */
public final class DeploymentMetadataStep {
  public void run(ReconcileRun run) {
    Namespace kubeSystem = run.kube().client().namespaces().withName(ObjectNames.KUBE_SYSTEM_NAMESPACE).get();
    if (kubeSystem != null) {
      run.status().setKubeSystemUUID(kubeSystem.getMetadata().getUid());
    }
    String clusterId = run.status().getKubeSystemUUID() == null ? "" : run.status().getKubeSystemUUID();
    run.kube().apply(DeploymentMetadata.build(run.dk(), run.config().operatorVersion(), clusterId), Annotations.CONTENT_HASH);
  }
}
