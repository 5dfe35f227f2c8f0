package com.astromkey.domain.validation.rules;

import io.fabric8.kubernetes.api.model.Secret;

/** Key look-ups in a Secret as the informer cache holds it ({@code data}, or {@code stringData} in fixtures). */
final class SecretData {
  private SecretData() {}

  static boolean hasKey(Secret secret, String key) {
    return (secret.getData() != null && secret.getData().containsKey(key))
        || (secret.getStringData() != null && secret.getStringData().containsKey(key));
  }
}
