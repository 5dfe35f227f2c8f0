package com.astromkey.oci.sign;

import java.io.IOException;
import java.io.StringReader;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.jce.spec.ECPublicKeySpec;
import org.bouncycastle.openssl.PEMException;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/** Reads the release signing key: unencrypted PEM, PKCS#8 {@code PRIVATE KEY} or SEC1 {@code EC PRIVATE KEY}, P-256. */
public final class SigningKeys {

  private SigningKeys() {
  }

  /** The key pair; a SEC1 key without its public part, or PKCS#8, gets the public key derived by BouncyCastle. */
  public static KeyPair parse(String pem, String name) throws IOException {
    Object parsed;
    try (PEMParser parser = new PEMParser(new StringReader(pem == null ? "" : pem))) {
      parsed = parser.readObject();
    } catch (IOException | RuntimeException e) {
      // the parser's message may quote key material: report only where the key came from
      throw new IOException(name + ": not a readable PEM private key");
    }
    JcaPEMKeyConverter converter = new JcaPEMKeyConverter().setProvider(new BouncyCastleProvider());
    if (parsed instanceof PEMKeyPair keyPair && keyPair.getPublicKeyInfo() == null) {
      parsed = keyPair.getPrivateKeyInfo(); // SEC1 without the optional public key: derive it below
    }
    KeyPair pair;
    try {
      if (parsed instanceof PEMKeyPair keyPair) {
        pair = converter.getKeyPair(keyPair);
      } else if (parsed instanceof PrivateKeyInfo info) {
        PrivateKey privateKey = converter.getPrivateKey(info);
        pair = new KeyPair(derivePublic(privateKey, name), privateKey);
      } else {
        throw new IOException(name + ": expected an unencrypted PEM PRIVATE KEY or EC PRIVATE KEY (ECDSA P-256)");
      }
    } catch (PEMException e) {
      throw new IOException(name + ": not a usable ECDSA private key");
    }
    if (!(pair.getPrivate() instanceof ECPrivateKey ec) || ec.getParams().getCurve().getField().getFieldSize() != 256) {
      throw new IOException(name + ": only ECDSA P-256 signing keys are supported");
    }
    return toJdk(pair, name);
  }

  /** JDK key objects, so signing never depends on which provider parsed the PEM. */
  private static KeyPair toJdk(KeyPair pair, String name) throws IOException {
    try {
      KeyFactory ec = KeyFactory.getInstance("EC");
      return new KeyPair(ec.generatePublic(new X509EncodedKeySpec(pair.getPublic().getEncoded())),
          ec.generatePrivate(new PKCS8EncodedKeySpec(pair.getPrivate().getEncoded())));
    } catch (GeneralSecurityException e) {
      throw new IOException(name + ": unusable ECDSA key", e);
    }
  }

  private static PublicKey derivePublic(PrivateKey key, String name) throws IOException {
    if (!(key instanceof org.bouncycastle.jce.interfaces.ECPrivateKey ec)) { // BouncyCastle's type exposes D and G
      throw new IOException(name + ": only ECDSA P-256 signing keys are supported");
    }
    var spec = ec.getParameters();
    var q = spec.getG().multiply(ec.getD()).normalize();
    try {
      return KeyFactory.getInstance("EC", new BouncyCastleProvider())
          .generatePublic(new ECPublicKeySpec(q, spec));
    } catch (GeneralSecurityException e) {
      throw new IOException(name + ": cannot derive the public key", e);
    }
  }
}
