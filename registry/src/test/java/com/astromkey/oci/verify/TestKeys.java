package com.astromkey.oci.verify;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;

/** Per-run ECDSA keys and raw signatures for the pure verification tests. */
final class TestKeys {

  private TestKeys() {
  }

  static KeyPair generate(String curve) {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec(curve));
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static KeyPair p256() {
    return generate("secp256r1");
  }

  static String sign(KeyPair key, String algorithm, byte[] data) {
    try {
      Signature s = Signature.getInstance(algorithm);
      s.initSign(key.getPrivate());
      s.update(data);
      return Base64.getEncoder().encodeToString(s.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static String pem(byte[] der) {
    return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
        + "\n-----END PUBLIC KEY-----\n";
  }
}
