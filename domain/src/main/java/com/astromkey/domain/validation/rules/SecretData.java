package com.astromkey.domain.validation.rules;

import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/** Key look-ups in a Secret as the informer cache holds it ({@code data}, or {@code stringData} in fixtures). */
final class SecretData {
  private SecretData() {}

  /** The value of {@code key} as text (base64 {@code data} decoded), trimmed as the operator reads it. */
  static Optional<String> text(Secret secret, String key) {
    if (secret.getData() != null && secret.getData().get(key) != null) {
      try {
        return Optional.of(new String(Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8).trim());
      } catch (IllegalArgumentException e) {
        return Optional.empty();
      }
    }
    return secret.getStringData() == null ? Optional.empty() : Optional.ofNullable(secret.getStringData().get(key)).map(String::trim);
  }

  static boolean hasKey(Secret secret, String key) {
    return (secret.getData() != null && secret.getData().containsKey(key))
        || (secret.getStringData() != null && secret.getStringData().containsKey(key));
  }
}
