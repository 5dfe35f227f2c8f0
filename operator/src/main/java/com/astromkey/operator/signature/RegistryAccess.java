package com.astromkey.operator.signature;

import com.astromkey.domain.dynakube.DynaKube;
import com.astromkey.domain.feature.FeatureFlags;
import com.astromkey.domain.names.ObjectNames;
import com.astromkey.oci.keychain.Keychain;
import com.astromkey.oci.keychain.PullSecret;
import com.astromkey.oci.transport.ProxyConfig;
import com.astromkey.oci.transport.TrustConfig;
import com.astromkey.operator.kube.ObjectWriter;
import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
    Set<String> names = new LinkedHashSet<>(pullSecretNames(dk, helmPullSecret));
    List<PullSecret> secrets = new ArrayList<>();
    for (String name : names) {
      secrets.add(adapt(name, kube.get(Secret.class, dk.getMetadata().getNamespace(), name)));
    }
    List<String> noProxy = Arrays.stream(FeatureFlags.of(dk).noProxy().split(",")).map(String::trim)
        .filter(s -> !s.isEmpty()).toList();
    return new RegistryAccess(secrets, trustedPems, proxyUrl, noProxy,
        Boolean.TRUE.equals(dk.getSpec().getSkipCertCheck()));
  }

  /** The three pull-secret names in keychain order, unset ones left out. */
  public static List<String> pullSecretNames(DynaKube dk, String helmPullSecret) {
    List<String> names = new ArrayList<>();
    String custom = dk.getSpec().getCustomPullSecret();
    if (custom != null && !custom.isBlank()) {
      names.add(custom.trim());
    }
    if (helmPullSecret != null && !helmPullSecret.isBlank()) {
      names.add(helmPullSecret);
    }
    names.add(ObjectNames.pullSecretName(dk));
    return names;
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

  private static PullSecret adapt(String name, Secret secret) {
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
