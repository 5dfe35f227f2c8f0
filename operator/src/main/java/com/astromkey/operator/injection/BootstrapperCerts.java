package com.astromkey.operator.injection;

import com.astromkey.domain.dynakube.DynaKube;
import com.astromkey.domain.names.Labels;
import com.astromkey.domain.names.ObjectNames;
import com.astromkey.domain.names.SecretKeys;
import com.astromkey.operator.kube.OwnedObjects;
import com.astromkey.operator.kube.SecretData;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.util.Map;

/** Builds {@code <dk>-bootstrapper-certs}: the {@code trustedCAs} PEMs for the code modules; absent when there are none. */
public final class BootstrapperCerts {
  private BootstrapperCerts() {}

  public static boolean needed(String trustedPems) {
    return trustedPems != null && !trustedPems.isBlank();
  }

  public static Secret build(DynaKube dk, String trustedPems) {
    return new SecretBuilder()
        .withMetadata(OwnedObjects.meta(dk, ObjectNames.bootstrapperCertsSourceName(dk),
            OwnedObjects.labels(dk, null, Labels.COMPONENT_OPERATOR)))
        .withType("Opaque")
        .withData(SecretData.encode(Map.of(SecretKeys.TRUSTED_PEM, trustedPems)))
        .build();
  }
}
