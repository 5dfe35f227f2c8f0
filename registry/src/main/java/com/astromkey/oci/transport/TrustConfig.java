package com.astromkey.oci.transport;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/** Which server certificates we accept: the JVM defaults plus extra CAs, or (explicit opt-in) anything. */
public record TrustConfig(List<X509Certificate> extraCertificates, boolean insecureSkipVerify) {

  public TrustConfig {
    extraCertificates = List.copyOf(extraCertificates);
  }

  public static TrustConfig systemDefaults() {
    return new TrustConfig(List.of(), false);
  }

  /** Accepts any certificate and host name ({@code skipCertCheck}, {@code --insecure-skip-tls-verify}). */
  public static TrustConfig insecure() {
    return new TrustConfig(List.of(), true);
  }

  /** JVM defaults plus every certificate of the PEM text (a {@code trustedCAs} ConfigMap value or a CA file). */
  public static TrustConfig withPem(String... pemDocuments) {
    List<X509Certificate> certificates = new ArrayList<>();
    for (String pem : pemDocuments) {
      certificates.addAll(parsePem(pem));
    }
    return new TrustConfig(certificates, false);
  }

  public TrustConfig plusPem(String pem) {
    List<X509Certificate> certificates = new ArrayList<>(extraCertificates);
    certificates.addAll(parsePem(pem));
    return new TrustConfig(certificates, insecureSkipVerify);
  }

  static List<X509Certificate> parsePem(String pem) {
    try {
      CertificateFactory factory = CertificateFactory.getInstance("X.509");
      List<X509Certificate> result = new ArrayList<>();
      for (var certificate : factory.generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))) {
        result.add((X509Certificate) certificate);
      }
      if (result.isEmpty()) {
        throw new IllegalArgumentException("no PEM certificate found in the trusted CA data");
      }
      return result;
    } catch (CertificateException e) {
      throw new IllegalArgumentException("trusted CA data is not a PEM certificate: " + e.getMessage(), e);
    }
  }
}
