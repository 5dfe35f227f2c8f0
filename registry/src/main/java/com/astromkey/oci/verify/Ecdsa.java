package com.astromkey.oci.verify;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/** Tries one base64 DER ECDSA signature against every trusted key; tells a malformed signature from a foreign one. */
final class Ecdsa {

  /** Over the exact bytes (simplesigning payload, DSSE PAE) or over a pre-computed SHA-256 (bundle messageSignature). */
  enum Input { MESSAGE, SHA256_DIGEST }

  private Ecdsa() {
  }

  /** The key that verifies, empty when none does; throws when the signature itself is not decodable. */
  static Optional<TrustedKey> findSigner(List<TrustedKey> keys, byte[] data, String base64Der, Input input)
      throws MalformedSignatureException {
    byte[] der;
    try {
      der = Base64.getDecoder().decode(base64Der == null ? "" : base64Der.trim());
    } catch (IllegalArgumentException e) {
      throw new MalformedSignatureException();
    }
    if (der.length == 0) {
      throw new MalformedSignatureException();
    }
    for (TrustedKey key : keys) {
      if (verify(key.key(), data, der, input)) {
        return Optional.of(key);
      }
    }
    return Optional.empty();
  }

  private static boolean verify(PublicKey key, byte[] data, byte[] der, Input input) throws MalformedSignatureException {
    try {
      Signature s = Signature.getInstance(input == Input.MESSAGE ? "SHA256withECDSA" : "NONEwithECDSA");
      s.initVerify(key);
      s.update(data);
      return s.verify(der);
    } catch (InvalidKeyException e) {
      return false; // a key of another kind simply does not match
    } catch (SignatureException e) {
      throw new MalformedSignatureException();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every Java runtime ships ECDSA", e);
    }
  }

  /** The signature bytes are not base64 DER ECDSA. */
  static final class MalformedSignatureException extends Exception {
    MalformedSignatureException() {
      super(SignatureCheck.BAD_SIGNATURE, null, false, false);
    }
  }
}
