package com.astromkey.operator.signature;

import com.astromkey.oci.Digest;
import com.astromkey.oci.verify.PublicKeys;
import com.astromkey.oci.verify.TrustedKey;
import io.fabric8.kubernetes.api.model.ConfigMap;
import java.io.ByteArrayOutputStream;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The public keys of ConfigMap {@code astromkey-signature-keys} (registry.md §10.1): every data key ending in {@code .pub}. */
public record SignatureKeys(List<PublicKey> keys, String fingerprint) {
  private static final Logger LOG = LoggerFactory.getLogger(SignatureKeys.class);

  public SignatureKeys {
    keys = List.copyOf(keys);
  }

  public boolean isEmpty() {
    return keys.isEmpty();
  }

  /**
   * A missing ConfigMap is no keys. Unusable keys are left out with a log line naming them (public keys are not secret,
   * but the name is enough to find them); the fingerprint covers the usable keys, so any change triggers a re-check.
   */
  public static SignatureKeys from(ConfigMap configMap) {
    return of(trustedKeys(configMap).stream().map(TrustedKey::key).toList());
  }

  /** The usable keys with their data-key names, which troubleshoot prints. */
  public static List<TrustedKey> trustedKeys(ConfigMap configMap) {
    Map<String, String> data = configMap == null || configMap.getData() == null ? Map.of() : new TreeMap<>(configMap.getData());
    List<TrustedKey> keys = new ArrayList<>();
    data.forEach((name, pem) -> {
      if (!name.endsWith(".pub")) {
        return;
      }
      try {
        keys.addAll(PublicKeys.parse(pem, name));
      } catch (PublicKeys.InvalidPublicKeyException e) {
        LOG.warn("Signature key {} of ConfigMap {} is not used: {}", name,
            configMap.getMetadata().getName(), e.getMessage());
      }
    });
    return keys;
  }

  public static SignatureKeys of(List<PublicKey> keys) {
    ByteArrayOutputStream material = new ByteArrayOutputStream();
    keys.forEach(k -> material.writeBytes(k.getEncoded()));
    return new SignatureKeys(keys, keys.isEmpty() ? "" : Digest.of(material.toByteArray()).toString());
  }
}
