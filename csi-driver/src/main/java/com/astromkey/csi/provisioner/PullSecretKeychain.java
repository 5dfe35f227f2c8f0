package com.astromkey.csi.provisioner;

import com.astromkey.domain.dynakube.DynaKube;
import com.astromkey.domain.names.ObjectNames;
import com.astromkey.oci.keychain.Keychain;
import com.astromkey.oci.keychain.PullSecret;
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
 * The image installer's keychain (operator.md §5.2): {@code spec.customPullSecret}, the Helm pull secret, then
 * {@code <dk>-pull-secret}, deduplicated, missing ones skipped; fabric8 Secrets adapted to the registry's plain data.
 */
public final class PullSecretKeychain {

  private PullSecretKeychain() {}

  /** The secret names in keychain precedence order (first match wins). */
  public static List<String> secretNames(DynaKube dk, Optional<String> helmPullSecret) {
    Set<String> names = new LinkedHashSet<>();
    String custom = dk.getSpec().getCustomPullSecret();
    if (custom != null && !custom.isBlank()) names.add(custom.trim());
    helmPullSecret.filter(s -> !s.isBlank()).ifPresent(names::add);
    names.add(ObjectNames.pullSecretName(dk));
    return new ArrayList<>(names);
  }

  /** Looks every name up with {@code secrets} (null = missing) and reads them in order. */
  public static Keychain keychain(DynaKube dk, Optional<String> helmPullSecret, Function<String, Secret> secrets) {
    List<PullSecret> pullSecrets = new ArrayList<>();
    for (String name : secretNames(dk, helmPullSecret)) {
      pullSecrets.add(adapt(name, secrets.apply(name)));
    }
    return Keychain.fromPullSecrets(pullSecrets);
  }

  /** {@code data} is base64 in the API; {@code stringData} only exists on writes but a fake may still carry it. */
  static PullSecret adapt(String name, Secret secret) {
    if (secret == null) return PullSecret.missing(name);
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
