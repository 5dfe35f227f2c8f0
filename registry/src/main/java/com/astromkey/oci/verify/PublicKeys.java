package com.astromkey.oci.verify;

import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Loads PEM {@code PUBLIC KEY} documents (SubjectPublicKeyInfo) and accepts only ECDSA P-256, as registry.md §10.1 asks. */
public final class PublicKeys {

  private static final Pattern BLOCK = Pattern.compile(
      "-----BEGIN ([A-Z ]+)-----([A-Za-z0-9+/=\\s]*)-----END \\1-----");
  private static final BigInteger P256_ORDER = p256Order();

  private PublicKeys() {
  }

  /**
   * Every {@code PUBLIC KEY} block of {@code pem}; {@code name} labels them in reports. Other algorithms or curves are
   * rejected with a message naming the key (never its bytes).
   */
  public static List<TrustedKey> parse(String pem, String name) throws InvalidPublicKeyException {
    List<TrustedKey> keys = new ArrayList<>();
    Matcher m = BLOCK.matcher(pem == null ? "" : pem);
    while (m.find()) {
      if (!m.group(1).equals("PUBLIC KEY")) {
        throw new InvalidPublicKeyException(name + ": " + m.group(1) + " is not a PEM PUBLIC KEY (SubjectPublicKeyInfo)");
      }
      keys.add(new TrustedKey(name, decode(m.group(2), name)));
    }
    if (keys.isEmpty()) {
      throw new InvalidPublicKeyException(name + ": no PEM PUBLIC KEY block found");
    }
    return List.copyOf(keys);
  }

  private static PublicKey decode(String base64, String name) throws InvalidPublicKeyException {
    PublicKey key;
    try {
      byte[] der = Base64.getMimeDecoder().decode(base64);
      key = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(der));
    } catch (IllegalArgumentException | GeneralSecurityException e) {
      throw new InvalidPublicKeyException(name + ": not an ECDSA public key (only ECDSA P-256 is supported)");
    }
    if (!(key instanceof ECPublicKey ec) || !isP256(ec.getParams())) {
      throw new InvalidPublicKeyException(name + ": ECDSA key on another curve (only P-256 is supported)");
    }
    return key;
  }

  private static boolean isP256(ECParameterSpec params) {
    return params.getCurve().getField().getFieldSize() == 256 && params.getOrder().equals(P256_ORDER);
  }

  private static BigInteger p256Order() {
    try {
      AlgorithmParameters p = AlgorithmParameters.getInstance("EC");
      p.init(new ECGenParameterSpec("secp256r1"));
      return p.getParameterSpec(ECParameterSpec.class).getOrder();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every Java runtime knows secp256r1", e);
    }
  }

  /** A key that cannot be used for verification; the message names the key source only. */
  public static final class InvalidPublicKeyException extends Exception {
    public InvalidPublicKeyException(String message) {
      super(message);
    }
  }
}
