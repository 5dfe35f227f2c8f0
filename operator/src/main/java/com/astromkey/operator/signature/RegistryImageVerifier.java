package com.astromkey.operator.signature;

import com.astromkey.domain.image.ImageReference;
import com.astromkey.oci.RegistryClient;
import com.astromkey.oci.transport.ProxyConfig;
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
    ProxyConfig proxy;
    try {
      proxy = access.proxy();
    } catch (IllegalArgumentException e) {
      // the proxy URL may carry credentials, so its text stays out of the message
      return VerificationResult.error(null, "the DynaKube proxy setting is not a valid URL");
    }
    RegistryClient client = RegistryClient.builder()
        .trust(access.trust())
        .proxy(proxy)
        .userAgent(userAgent)
        .keychain(access.keychain())
        .build();
    return new SignatureVerifier(client).verify(image, keys);
  }
}
