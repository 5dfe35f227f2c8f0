package com.astromkey.oci.verify;

import com.astromkey.oci.Digest;
import java.security.PublicKey;
import java.util.Objects;

/** A public key allowed to sign, with the name reports use for it (file or ConfigMap key, else a fingerprint). */
public record TrustedKey(String name, PublicKey key) {

  public TrustedKey {
    Objects.requireNonNull(key, "key");
    name = name == null || name.isBlank() ? fingerprint(key) : name;
  }

  public static TrustedKey of(PublicKey key) {
    return new TrustedKey(null, key);
  }

  /** {@code sha256:<first 16 hex>} of the SubjectPublicKeyInfo: stable, short, and not secret. */
  public static String fingerprint(PublicKey key) {
    return "sha256:" + Digest.of(key.getEncoded()).hex().substring(0, 16);
  }
}
