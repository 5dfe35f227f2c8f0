package com.astromkey.e2e.sandbox;

import com.astromkey.domain.dynakube.DynaKube;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** DynaKube fixtures named after their scenario: the customer page's YAML with its placeholders replaced by sandbox addresses. */
public final class Fixtures {
  private Fixtures() {}

  /** {@code fixtures/<name>.yaml}; {@code trustedCAs} names the sandbox CA ConfigMap (the customer's private CA). */
  public static DynaKube dynaKube(String name, Map<String, String> replacements, String trustedCas) {
    String yaml = text(name);
    for (Map.Entry<String, String> r : replacements.entrySet()) {
      yaml = yaml.replace(r.getKey(), r.getValue());
    }
    DynaKube dk = Serialization.unmarshal(yaml, DynaKube.class);
    dk.getSpec().setTrustedCAs(trustedCas);
    return dk;
  }

  public static String text(String name) {
    try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/" + name + ".yaml")) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
