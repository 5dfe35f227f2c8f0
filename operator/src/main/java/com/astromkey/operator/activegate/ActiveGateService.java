package com.astromkey.operator.activegate;

import com.astromkey.domain.dynakube.DynaKube;
import com.astromkey.domain.names.Labels;
import com.astromkey.domain.names.ObjectNames;
import com.astromkey.operator.kube.OwnedObjects;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;

/** Builds the ClusterIP Service {@code <dk>-activegate} in front of the StatefulSet (operator.md §6.2). */
public final class ActiveGateService {
  private ActiveGateService() {}

  public static Service build(DynaKube dk) {
    return new ServiceBuilder()
        .withMetadata(OwnedObjects.meta(dk, ObjectNames.activeGateServiceName(dk),
            OwnedObjects.labels(dk, Labels.NAME_ACTIVEGATE, Labels.COMPONENT_ACTIVEGATE)))
        .withNewSpec()
          .withType("ClusterIP")
          .withSelector(OwnedObjects.selector(dk, Labels.NAME_ACTIVEGATE))
          .addNewPort().withName("https").withProtocol("TCP").withPort(443)
            .withTargetPort(new IntOrString(ActiveGateStatefulSet.HTTPS_PORT)).endPort()
          .addNewPort().withName("http").withProtocol("TCP").withPort(80)
            .withTargetPort(new IntOrString(ActiveGateStatefulSet.HTTP_PORT)).endPort()
        .endSpec()
        .build();
  }

  /** The API server assigns cluster IPs; an update must carry them over. */
  public static void preserveClusterIps(Service existing, Service update) {
    if (existing.getSpec() != null) {
      update.getSpec().setClusterIP(existing.getSpec().getClusterIP());
      update.getSpec().setClusterIPs(existing.getSpec().getClusterIPs());
    }
  }
}
