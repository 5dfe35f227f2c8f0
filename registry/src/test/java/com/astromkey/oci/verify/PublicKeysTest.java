package com.astromkey.oci.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPairGenerator;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class PublicKeysTest {

  @Test
  void readsP256PublicKeysAndNamesThem() throws Exception {
    var key = TestKeys.p256();
    String pem = TestKeys.pem(key.getPublic().getEncoded()) + TestKeys.pem(TestKeys.p256().getPublic().getEncoded());
    var keys = PublicKeys.parse(pem, "release.pub");
    assertThat(keys).hasSize(2);
    assertThat(keys.get(0).name()).isEqualTo("release.pub");
    assertThat(keys.get(0).key()).isEqualTo(key.getPublic());
  }

  @Test
  void unnamedKeysAreNamedByFingerprint() {
    var key = TestKeys.p256().getPublic();
    assertThat(TrustedKey.of(key).name()).matches("sha256:[0-9a-f]{16}");
  }

  @Test
  void otherCurvesAndAlgorithmsAreRejectedWithTheKeyName() throws Exception {
    String p384 = TestKeys.pem(TestKeys.generate("secp384r1").getPublic().getEncoded());
    assertThatThrownBy(() -> PublicKeys.parse(p384, "p384.pub")).hasMessage(
        "p384.pub: ECDSA key on another curve (only P-256 is supported)");
    KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
    rsa.initialize(2048);
    String rsaPem = TestKeys.pem(rsa.generateKeyPair().getPublic().getEncoded());
    assertThatThrownBy(() -> PublicKeys.parse(rsaPem, "rsa.pub")).hasMessageStartingWith("rsa.pub: not an ECDSA public key");
  }

  @Test
  void privateKeysAndEmptyFilesAreNotAccepted() {
    String priv = "-----BEGIN EC PRIVATE KEY-----\n" + Base64.getEncoder().encodeToString(new byte[] {1, 2, 3})
        + "\n-----END EC PRIVATE KEY-----\n";
    assertThatThrownBy(() -> PublicKeys.parse(priv, "k.pem")).hasMessage(
        "k.pem: EC PRIVATE KEY is not a PEM PUBLIC KEY (SubjectPublicKeyInfo)");
    assertThatThrownBy(() -> PublicKeys.parse("", "empty.pub")).hasMessage("empty.pub: no PEM PUBLIC KEY block found");
  }
}
