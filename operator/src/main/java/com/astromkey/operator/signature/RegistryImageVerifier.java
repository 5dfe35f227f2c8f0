package com.astromkey.operator.signature;

import com.astromkey.domain.image.ImageReference;
import com.astromkey.oci.RegistryClient;
import com.astromkey.oci.keychain.Keychain;
import com.astromkey.oci.transport.ProxyConfig;
import com.astromkey.oci.transport.TrustConfig;
import com.astromkey.oci.verify.SignatureVerifier;
import com.astromkey.oci.verify.VerificationResult;
import java.security.PublicKey;
import java.util.List;

/** The real verifier: a registry client per check (pull secrets may rotate between checks) and the registry module's verifier. */
public final class RegistryImageVerifier implements ImageVerifier {
  private final String userAgent;

  public RegistryImageVerifier(String operatorVersion) {
    this.userAgent = "astromkey-operator/" + operatorVersion + " (operator)";
  }

  @Override
  public VerificationResult verify(ImageReference image, List<PublicKey> keys, RegistryAccess access) {
    TrustConfig trust = access.skipCertCheck() ? TrustConfig.insecure()
        : access.trustedPems().isBlank() ? TrustConfig.systemDefaults() : TrustConfig.withPem(access.trustedPems());
    ProxyConfig proxy;
    try {
      proxy = access.proxyUrl().isBlank() ? null : ProxyConfig.parse(access.proxyUrl(), null, null, access.noProxy());
    } catch (IllegalArgumentException e) {
      // the proxy URL may carry credentials, so its text stays out of the message
      return VerificationResult.error(null, "the DynaKube proxy setting is not a valid URL");
    }
    RegistryClient client = RegistryClient.builder()
        .trust(trust)
        .proxy(proxy)
        .userAgent(userAgent)
        .keychain(Keychain.fromPullSecrets(access.pullSecrets()))
        .build();
    return new SignatureVerifier(client).verify(image, keys);
  }
}
