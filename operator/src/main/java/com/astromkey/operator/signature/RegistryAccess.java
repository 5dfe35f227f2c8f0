package com.astromkey.operator.signature;

import com.astromkey.domain.dynakube.DynaKube;
import com.astromkey.domain.feature.FeatureFlags;
import com.astromkey.oci.keychain.DynaKubePullSecrets;
import com.astromkey.oci.keychain.Keychain;
import com.astromkey.oci.keychain.PullSecret;
import com.astromkey.oci.transport.ProxyConfig;
import com.astromkey.oci.transport.TrustConfig;
import com.astromkey.operator.kube.ObjectWriter;
import io.fabric8.kubernetes.api.model.Secret;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** What the operator knows about reaching the registry of one DynaKube: pull secrets (§5.2 order), CAs, proxy. */
public record RegistryAccess(List<PullSecret> pullSecrets, String trustedPems, String proxyUrl, List<String> noProxy,
    boolean skipCertCheck) {

  public RegistryAccess {
    pullSecrets = List.copyOf(pullSecrets);
    trustedPems = trustedPems == null ? "" : trustedPems;
    proxyUrl = proxyUrl == null ? "" : proxyUrl;
    noProxy = List.copyOf(noProxy);
  }

  /**
   * The keychain of operator.md §5.2 (custom, Helm, tenant pull secret; missing ones kept as missing so that troubleshoot
   * can report them) and the DynaKube's transport settings, read from the API server.
   */
  public static RegistryAccess of(DynaKube dk, String helmPullSecret, ObjectWriter kube, String trustedPems,
      String proxyUrl) {
    List<PullSecret> secrets = DynaKubePullSecrets.read(dk, Optional.ofNullable(helmPullSecret),
        name -> kube.get(Secret.class, dk.getMetadata().getNamespace(), name));
    List<String> noProxy = Arrays.stream(FeatureFlags.of(dk).noProxy().split(",")).map(String::trim)
        .filter(s -> !s.isEmpty()).toList();
    return new RegistryAccess(secrets, trustedPems, proxyUrl, noProxy,
        Boolean.TRUE.equals(dk.getSpec().getSkipCertCheck()));
  }

  public Keychain keychain() {
    return Keychain.fromPullSecrets(pullSecrets);
  }

  public TrustConfig trust() {
    return skipCertCheck ? TrustConfig.insecure()
        : trustedPems.isBlank() ? TrustConfig.systemDefaults() : TrustConfig.withPem(trustedPems);
  }

  /** Null without proxy; an {@link IllegalArgumentException} for a URL that does not parse. */
  public ProxyConfig proxy() {
    return proxyUrl.isBlank() ? null : ProxyConfig.parse(proxyUrl, null, null, noProxy);
  }
}
