package com.astromkey.operator.testing;

import com.astromkey.domain.dynakube.DynaKube;
import com.astromkey.operator.OperatorConfig;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;

/** Test fixtures: DynaKubes from YAML files named after their scenario, and operator configurations. */
public final class Fixtures {
  private Fixtures() {}

  /** Loads {@code dynakubes/<name>.yaml} and gives it a uid, as the API server would. */
  public static DynaKube dynaKube(String name) {
    try (InputStream in = Fixtures.class.getResourceAsStream("/dynakubes/" + name + ".yaml")) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + name);
      }
      DynaKube dk = Serialization.unmarshal(in, DynaKube.class);
      dk.getMetadata().setUid("uid-" + dk.getMetadata().getName());
      return dk;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static OperatorConfig config(Map<String, String> extra) {
    Map<String, String> env = new HashMap<>();
    env.put("POD_NAMESPACE", "astromkey");
    env.put("AK_OPERATOR_VERSION", "1.2.3");
    env.put("AK_OPERATOR_IMAGE", "quay.example.com/astromkey/operator:1.2.3");
    env.putAll(extra);
    return OperatorConfig.fromEnv(env, new ArrayList<>());
  }

  public static OperatorConfig config() {
    return config(Map.of());
  }
}
