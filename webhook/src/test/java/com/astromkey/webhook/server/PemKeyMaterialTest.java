package com.astromkey.webhook.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.astromkey.webhook.fixture.TestCertificates;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x9.X962Parameters;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;
import org.junit.jupiter.api.Test;

/** tls.key in the forms the operator or a human may write it: PKCS#8 and SEC1 ("EC PRIVATE KEY"), with or without public key. */
class PemKeyMaterialTest {
  private final TestCertificates ca = new TestCertificates();

  @Test
  void readsPkcs8() throws Exception {
    TestCertificates.Issued issued = ca.issue("pkcs8");

    PemKeyMaterial material = PemKeyMaterial.parse(bytes(issued.certificatePem()), bytes(issued.keyPem()));

    assertThat(material.leaf()).isEqualTo(issued.certificate());
    assertThat(material.keyManager()).isNotNull();
  }

  @Test
  void readsSec1WithCurveParametersAndPublicKey() throws Exception {
    TestCertificates.Issued issued = ca.issue("sec1");

    PemKeyMaterial material = PemKeyMaterial.parse(bytes(issued.certificatePem()), bytes(sec1(issued.keyPem(), true)));

    assertThat(((ECPrivateKey) material.key()).getS()).isEqualTo(privateValue(issued.keyPem()));
  }

  @Test
  void readsSec1WithoutPublicKey() throws Exception {
    TestCertificates.Issued issued = ca.issue("sec1-no-public");

    PemKeyMaterial material = PemKeyMaterial.parse(bytes(issued.certificatePem()), bytes(sec1(issued.keyPem(), false)));

    assertThat(((ECPrivateKey) material.key()).getS()).isEqualTo(privateValue(issued.keyPem()));
  }

  @Test
  void problemsNameTheFileButNeverItsContent() {
    TestCertificates.Issued issued = ca.issue("x");

    assertThatThrownBy(() -> PemKeyMaterial.parse(bytes("no pem here"), bytes(issued.keyPem())))
        .isInstanceOf(IOException.class).hasMessage("the certificate file holds no certificate");
    assertThatThrownBy(() -> PemKeyMaterial.parse(bytes(issued.certificatePem()), bytes(issued.certificatePem())))
        .isInstanceOf(IOException.class).hasMessageNotContaining("BEGIN");
  }

  /** Re-encodes a PKCS#8 EC key as SEC1 with the named curve, as OpenSSL and Go write it. */
  private static String sec1(String pkcs8Pem, boolean withPublicKey) throws Exception {
    PrivateKeyInfo info;
    try (PEMParser parser = new PEMParser(new StringReader(pkcs8Pem))) {
      info = (PrivateKeyInfo) parser.readObject();
    }
    BigInteger d = privateValue(pkcs8Pem);
    org.bouncycastle.asn1.sec.ECPrivateKey inner = org.bouncycastle.asn1.sec.ECPrivateKey.getInstance(info.parsePrivateKey());
    X962Parameters curve = new X962Parameters(SECObjectIdentifiers.secp256r1);
    org.bouncycastle.asn1.sec.ECPrivateKey sec1 = new org.bouncycastle.asn1.sec.ECPrivateKey(256, d,
        withPublicKey && inner.getPublicKey() != null ? inner.getPublicKey() : null, curve);
    StringWriter text = new StringWriter();
    try (PemWriter writer = new PemWriter(text)) {
      writer.writeObject(new PemObject("EC PRIVATE KEY", sec1.getEncoded()));
    }
    return text.toString();
  }

  private static BigInteger privateValue(String pkcs8Pem) throws Exception {
    try (PEMParser parser = new PEMParser(new StringReader(pkcs8Pem))) {
      PrivateKeyInfo info = (PrivateKeyInfo) parser.readObject();
      PrivateKey key = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(info.getEncoded()));
      return ((ECPrivateKey) key).getS();
    }
  }

  private static byte[] bytes(String text) {
    return TestCertificates.bytes(text);
  }
}
