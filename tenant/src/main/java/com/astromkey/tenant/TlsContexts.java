package com.astromkey.tenant;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/** TLS settings of the client: JVM trust store plus {@code trustedCAs}, or trust-all for {@code skipCertCheck}. */
final class TlsContexts {
  static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

  private TlsContexts() {}

  static SSLContext create(List<X509Certificate> extraCas, boolean skipCertCheck) {
    try {
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, new TrustManager[] {skipCertCheck ? new TrustAll() : merged(extraCas)}, null);
      return ctx;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Cannot set up TLS: " + e.getMessage(), e);
    }
  }

  static SSLParameters parameters() {
    SSLParameters p = new SSLParameters();
    p.setProtocols(PROTOCOLS);
    return p;
  }

  /** One standard trust manager over the JVM's CAs plus ours, so the host-name check stays on. */
  private static X509TrustManager merged(List<X509Certificate> extraCas) throws GeneralSecurityException {
    TrustManagerFactory defaults = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    defaults.init((KeyStore) null);
    X509TrustManager jvm = firstX509(defaults.getTrustManagers());
    if (extraCas.isEmpty()) {
      return jvm;
    }
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    try {
      store.load(null, null);
    } catch (java.io.IOException e) {
      throw new IllegalStateException("Cannot create an in-memory trust store", e);
    }
    int i = 0;
    for (X509Certificate c : jvm.getAcceptedIssuers()) {
      store.setCertificateEntry("jvm-" + i++, c);
    }
    i = 0;
    for (X509Certificate c : extraCas) {
      store.setCertificateEntry("trusted-ca-" + i++, c);
    }
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(store);
    return firstX509(tmf.getTrustManagers());
  }

  private static X509TrustManager firstX509(TrustManager[] managers) {
    for (TrustManager m : managers) {
      if (m instanceof X509TrustManager x) {
        return x;
      }
    }
    throw new IllegalStateException("The JVM offers no X.509 trust manager");
  }

  /**
   * Accepts every certificate. It must be an {@link X509ExtendedTrustManager}: JSSE wraps a plain
   * {@link X509TrustManager} in one that still checks the host name, and skipCertCheck means no host-name check.
   */
  private static final class TrustAll extends X509ExtendedTrustManager {
    @Override public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) { }
    @Override public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) { }
    @Override public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) { }
    @Override public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) { }
    @Override public void checkClientTrusted(X509Certificate[] chain, String authType) { }
    @Override public void checkServerTrusted(X509Certificate[] chain, String authType) { }
    @Override public X509Certificate[] getAcceptedIssuers() { return new X509Certificate[0]; }
  }
}
