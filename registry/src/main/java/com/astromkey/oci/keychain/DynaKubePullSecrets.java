package com.astromkey.oci.keychain;

import com.astromkey.domain.dynakube.DynaKube;
import com.astromkey.domain.names.ObjectNames;
import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The pull secrets of one DynaKube as every component reads them (operator.md §5.2): {@code spec.customPullSecret}, the
 * Helm pull secret, then {@code <dk>-pull-secret}, deduplicated; fabric8 Secrets adapted to the keychain's plain data.
 */
public final class DynaKubePullSecrets {

  private DynaKubePullSecrets() {}

  /** The secret names in keychain precedence order (first match wins); unset ones left out. */
  public static List<String> names(DynaKube dk, Optional<String> helmPullSecret) {
    Set<String> names = new LinkedHashSet<>();
    String custom = dk.getSpec().getCustomPullSecret();
    if (custom != null && !custom.isBlank()) {
      names.add(custom.trim());
    }
    helmPullSecret.filter(s -> !s.isBlank()).ifPresent(names::add);
    names.add(ObjectNames.pullSecretName(dk));
    return new ArrayList<>(names);
  }

  /** Every name looked up with {@code secrets} (null = missing, kept as missing for troubleshoot), in order. */
  public static List<PullSecret> read(DynaKube dk, Optional<String> helmPullSecret, Function<String, Secret> secrets) {
    List<PullSecret> pullSecrets = new ArrayList<>();
    for (String name : names(dk, helmPullSecret)) {
      pullSecrets.add(fromSecret(name, secrets.apply(name)));
    }
    return pullSecrets;
  }

  /** {@code data} is base64 in the API; {@code stringData} only exists on writes but a fake may still carry it. */
  public static PullSecret fromSecret(String name, Secret secret) {
    if (secret == null) {
      return PullSecret.missing(name);
    }
    Map<String, byte[]> data = new LinkedHashMap<>();
    if (secret.getStringData() != null) {
      secret.getStringData().forEach((k, v) -> data.put(k, v.getBytes(StandardCharsets.UTF_8)));
    }
    if (secret.getData() != null) {
      secret.getData().forEach((k, v) -> data.put(k, Base64.getMimeDecoder().decode(v)));
    }
    return PullSecret.of(name, secret.getType(), data);
  }
}
