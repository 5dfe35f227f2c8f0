package com.astromkey.sandbox.tenant;

import java.io.StringWriter;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.X509ExtendedKeyManager;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** A throw-away CA and a server certificate for the simulator's HTTPS listener, generated per simulator. */
public final class SimCertificates {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final X509Certificate caCert;
  private final X509Certificate serverCert;
  private final KeyPair serverKeys;

  private SimCertificates(X509Certificate caCert, X509Certificate serverCert, KeyPair serverKeys) {
    this.caCert = caCert;
    this.serverCert = serverCert;
    this.serverKeys = serverKeys;
  }

  /**
   * A CA named {@code caName} and a server certificate for {@code hosts}: IP literals become IP SANs, the rest DNS
   * SANs.
   */
  public static SimCertificates generate(String caName, List<String> hosts) {
    try {
      KeyPair caKeys = ecKeys();
      Instant now = Instant.now();
      X500Name caSubject = new X500Name("O=Astromkey Sandbox, CN=" + caName);
      X509v3CertificateBuilder ca = new JcaX509v3CertificateBuilder(caSubject, serial(),
          Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(2))), caSubject, caKeys.getPublic());
      ca.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
      ca.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      X509Certificate caCert = sign(ca, caKeys);

      KeyPair serverKeys = ecKeys();
      X509v3CertificateBuilder server = new JcaX509v3CertificateBuilder(caSubject, serial(),
          Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(2))),
          new X500Name("O=Astromkey Sandbox, CN=" + hosts.get(0)), serverKeys.getPublic());
      List<GeneralName> sans = new ArrayList<>();
      for (String h : hosts) {
        sans.add(isIpLiteral(h) ? new GeneralName(GeneralName.iPAddress, h) : new GeneralName(GeneralName.dNSName, h));
      }
      server.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(sans.toArray(GeneralName[]::new)));
      server.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      server.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
      return new SimCertificates(caCert, sign(server, caKeys), serverKeys);
    } catch (GeneralSecurityException | OperatorCreationException | java.io.IOException e) {
      throw new IllegalStateException("Cannot generate simulator certificates", e);
    }
  }

  public X509Certificate caCertificate() {
    return caCert;
  }

  public String caPem() {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(out)) {
      w.writeObject(caCert);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
    return out.toString();
  }

  /** Server-side TLS context presenting the server certificate and the CA. */
  public SSLContext serverContext() {
    try {
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(new KeyManager[] {keyManager()}, null, null);
      return ctx;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Cannot build the simulator's TLS context", e);
    }
  }

  /** The key manager presenting the server certificate and the CA. */
  public X509ExtendedKeyManager keyManager() {
    try {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      char[] pw = "sim".toCharArray();
      ks.setKeyEntry("server", serverKeys.getPrivate(), pw, new java.security.cert.Certificate[] {serverCert, caCert});
      KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(ks, pw);
      return (X509ExtendedKeyManager) kmf.getKeyManagers()[0];
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new IllegalStateException("Cannot build the simulator's key manager", e);
    }
  }

  private static boolean isIpLiteral(String h) {
    return h.matches("[0-9.]+") || h.contains(":");
  }

  private static KeyPair ecKeys() throws GeneralSecurityException {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
    return g.generateKeyPair();
  }

  private static BigInteger serial() {
    return new BigInteger(64, RANDOM).abs().add(BigInteger.ONE);
  }

  private static X509Certificate sign(X509v3CertificateBuilder b, KeyPair signer)
      throws OperatorCreationException, GeneralSecurityException {
    return new JcaX509CertificateConverter().getCertificate(
        b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer.getPrivate())));
  }
}
