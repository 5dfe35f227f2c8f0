package com.astromkey.csi.provisioner;

import com.astromkey.domain.dynakube.DynaKube;
import com.astromkey.oci.keychain.DynaKubePullSecrets;
import com.astromkey.oci.keychain.Keychain;
import io.fabric8.kubernetes.api.model.Secret;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** The image installer's keychain (operator.md §5.2) from the Secrets the provisioner's informer holds. */
public final class PullSecretKeychain {

  private PullSecretKeychain() {}

  /** The secret names in keychain precedence order (first match wins). */
  public static List<String> secretNames(DynaKube dk, Optional<String> helmPullSecret) {
    return DynaKubePullSecrets.names(dk, helmPullSecret);
  }

  /** Looks every name up with {@code secrets} (null = missing) and reads them in order. */
  public static Keychain keychain(DynaKube dk, Optional<String> helmPullSecret, Function<String, Secret> secrets) {
    return Keychain.fromPullSecrets(DynaKubePullSecrets.read(dk, helmPullSecret, secrets));
  }
}
