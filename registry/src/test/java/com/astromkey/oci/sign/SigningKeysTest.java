package com.astromkey.oci.sign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringWriter;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.junit.jupiter.api.Test;

class SigningKeysTest {

  @Test
  void readsPkcs8AndDerivesThePublicKey() throws Exception {
    KeyPair original = generate("secp256r1");
    String pem = "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(original.getPrivate().getEncoded())
        + "\n-----END PRIVATE KEY-----\n";
    KeyPair parsed = SigningKeys.parse(pem, "release.key");
    assertThat(parsed.getPublic().getEncoded()).isEqualTo(original.getPublic().getEncoded());
    assertThat(signsFor(parsed, original)).isTrue();
  }

  @Test
  void readsSec1EcPrivateKeys() throws Exception {
    // BouncyCastle keys carry the curve inside the SEC1 structure, as openssl writes it
    KeyPairGenerator bc = KeyPairGenerator.getInstance("EC", new org.bouncycastle.jce.provider.BouncyCastleProvider());
    bc.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair original = bc.generateKeyPair();
    StringWriter out = new StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(out)) {
      w.writeObject(original);
    }
    assertThat(out.toString()).startsWith("-----BEGIN EC PRIVATE KEY-----");
    assertThat(signsFor(SigningKeys.parse(out.toString(), "release.key"), original)).isTrue();
  }

  @Test
  void rejectsOtherCurvesAndGarbageWithoutEchoingKeyMaterial() throws Exception {
    KeyPair p384 = generate("secp384r1");
    String pem = "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(p384.getPrivate().getEncoded())
        + "\n-----END PRIVATE KEY-----\n";
    assertThatThrownBy(() -> SigningKeys.parse(pem, "p384.key")).hasMessage(
        "p384.key: only ECDSA P-256 signing keys are supported");
    String garbage = "-----BEGIN PRIVATE KEY-----\nc2VjcmV0LXN0dWZm\n-----END PRIVATE KEY-----\n";
    assertThatThrownBy(() -> SigningKeys.parse(garbage, "bad.key")).hasMessageStartingWith("bad.key: ")
        .hasMessageNotContaining("c2VjcmV0LXN0dWZm");
  }

  private static boolean signsFor(KeyPair parsed, KeyPair original) throws Exception {
    Signature s = Signature.getInstance("SHA256withECDSA");
    s.initSign(parsed.getPrivate());
    s.update(new byte[] {1, 2, 3});
    byte[] sig = s.sign();
    Signature v = Signature.getInstance("SHA256withECDSA");
    v.initVerify(original.getPublic());
    v.update(new byte[] {1, 2, 3});
    return v.verify(sig);
  }

  private static KeyPair generate(String curve) throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec(curve));
    return g.generateKeyPair();
  }
}
