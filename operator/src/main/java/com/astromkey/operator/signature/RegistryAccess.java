package com.astromkey.operator.signature;

import com.astromkey.oci.keychain.PullSecret;
import java.util.List;

/** What the operator knows about reaching the registry of one DynaKube: pull secrets (§5.2 order), CAs, proxy. */
public record RegistryAccess(List<PullSecret> pullSecrets, String trustedPems, String proxyUrl, List<String> noProxy,
    boolean skipCertCheck) {

  public RegistryAccess {
    pullSecrets = List.copyOf(pullSecrets);
    trustedPems = trustedPems == null ? "" : trustedPems;
    proxyUrl = proxyUrl == null ? "" : proxyUrl;
    noProxy = List.copyOf(noProxy);
  }
}
