package com.astromkey.csi.provisioner;

import com.astromkey.domain.dynakube.DynaKube;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** The provisioner tests' DynaKubes (YAML fixtures named after the scenario, placeholders filled in) and Secrets. */
final class DynaKubeFixtures {
  static final String NAMESPACE = "astromkey";

  private DynaKubeFixtures() {}

  /** Loads {@code fixtures/provisioner/<name>.yaml}; a placeholder without a value is removed with its line. */
  static DynaKube load(String fixture, Map<String, String> values) {
    try (InputStream in = DynaKubeFixtures.class.getResourceAsStream("/fixtures/provisioner/" + fixture + ".yaml")) {
      String yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      for (Map.Entry<String, String> e : values.entrySet()) yaml = yaml.replace("${" + e.getKey() + "}", e.getValue());
      yaml = yaml.replaceAll("(?m)^.*\\$\\{[A-Z_]+}.*\\n", "");
      return Serialization.unmarshal(yaml, DynaKube.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code dynakube-cloudnative-private-registry}: the image from a private registry, its CA in {@code trustedCAs}. */
  static DynaKube privateRegistry(String name, String image, String trustedCas, Optional<String> pullSecret) {
    Map<String, String> values = new HashMap<>(Map.of("NAME", name, "IMAGE", image, "TRUSTED_CAS", trustedCas));
    pullSecret.ifPresent(s -> values.put("PULL_SECRET", s));
    return load("dynakube-cloudnative-private-registry", values);
  }

  static Secret dockerConfigSecret(String name, String registry, String user, String password) {
    String json = "{\"auths\":{\"" + registry + "\":{\"username\":\"" + user + "\",\"password\":\"" + password + "\"}}}";
    return new SecretBuilder().withNewMetadata().withName(name).withNamespace(NAMESPACE).endMetadata()
        .withType("kubernetes.io/dockerconfigjson")
        .withData(Map.of(".dockerconfigjson", base64(json)))
        .build();
  }

  /** Only an API token: the zip endpoint falls back to it (tenant-api.md §1). */
  static Secret tokensSecret(String name, String apiToken) {
    return new SecretBuilder().withNewMetadata().withName(name).withNamespace(NAMESPACE).endMetadata()
        .withType("Opaque")
        .withData(Map.of("apiToken", base64(apiToken)))
        .build();
  }

  static ConfigMap trustedCas(String name, String pem) {
    return new ConfigMapBuilder().withNewMetadata().withName(name).withNamespace(NAMESPACE).endMetadata()
        .withData(Map.of("certs", pem)).build();
  }

  static String base64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }
}
