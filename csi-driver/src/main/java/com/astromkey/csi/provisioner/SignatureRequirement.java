package com.astromkey.csi.provisioner;

import com.astromkey.domain.dynakube.DynaKube;
import com.astromkey.domain.feature.FeatureFlags;
import com.astromkey.domain.feature.SignatureMode;
import com.astromkey.oci.verify.PublicKeys;
import com.astromkey.oci.verify.TrustedKey;
import io.fabric8.kubernetes.api.model.ConfigMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The signature policy of one image install (csi-driver.md §6.1 step 4, registry.md §10.1): the DynaKube flag over
 * {@code AK_SIGNATURE_MODE}, keys from every {@code .pub} entry of the keys ConfigMap.
 */
public record SignatureRequirement(SignatureMode mode, List<TrustedKey> keys, String keysSource) {
  private static final Logger LOG = LoggerFactory.getLogger(SignatureRequirement.class);

  public SignatureRequirement {
    keys = List.copyOf(keys);
  }

  public static SignatureRequirement off() {
    return new SignatureRequirement(SignatureMode.OFF, List.of(), "");
  }

  public boolean checks() {
    return mode != SignatureMode.OFF;
  }

  public static SignatureRequirement of(DynaKube dk, SignatureMode helmDefault, String namespace, String configMapName,
      NamespaceObjects objects) {
    SignatureMode mode = FeatureFlags.of(dk).signatureVerification().orElse(helmDefault);
    if (mode == SignatureMode.OFF) {
      return off();
    }
    ConfigMap configMap = objects.configMap(configMapName);
    Map<String, String> data = configMap == null || configMap.getData() == null ? Map.of() : new TreeMap<>(configMap.getData());
    List<TrustedKey> keys = new ArrayList<>();
    data.forEach((name, pem) -> {
      if (!name.endsWith(".pub")) {
        return;
      }
      try {
        keys.addAll(PublicKeys.parse(pem, name));
      } catch (PublicKeys.InvalidPublicKeyException e) {
        LOG.warn("Signature key {} of ConfigMap {} is not used: {}", name, configMapName, e.getMessage());
      }
    });
    return new SignatureRequirement(mode, keys, namespace + "/" + configMapName);
  }
}
