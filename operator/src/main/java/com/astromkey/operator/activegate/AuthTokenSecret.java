package com.astromkey.operator.activegate;

import com.astromkey.domain.dynakube.DynaKube;
import com.astromkey.domain.names.Labels;
import com.astromkey.domain.names.ObjectNames;
import com.astromkey.domain.names.SecretKeys;
import com.astromkey.operator.kube.OwnedObjects;
import com.astromkey.operator.kube.SecretData;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** Builds {@code <dk>-activegate-authtoken-secret} and decides when its token is too old (operator.md §6.2). */
public final class AuthTokenSecret {
  /** Tokens live 60 days; renewing after 29 leaves a month of overlap for rolling pods. */
  public static final Duration RENEW_AFTER = Duration.ofDays(29);

  private AuthTokenSecret() {}

  public static Secret build(DynaKube dk, String token) {
    return new SecretBuilder()
        .withMetadata(OwnedObjects.meta(dk, ObjectNames.activeGateAuthTokenSecretName(dk),
            OwnedObjects.labels(dk, null, Labels.COMPONENT_ACTIVEGATE)))
        .withType("Opaque")
        .withData(Map.of(SecretKeys.AUTH_TOKEN, SecretData.encode(token)))
        .build();
  }

  /** A missing Secret, or one created more than {@link #RENEW_AFTER} ago, needs a new token. */
  public static boolean needsNewToken(Secret existing, Instant now) {
    if (existing == null) {
      return true;
    }
    String created = existing.getMetadata().getCreationTimestamp();
    return created != null && Duration.between(Instant.parse(created), now).compareTo(RENEW_AFTER) > 0;
  }
}
