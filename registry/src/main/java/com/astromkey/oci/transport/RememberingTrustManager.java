package com.astromkey.oci.transport;

import java.net.Socket;
import java.nio.ByteBuffer;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * A PKIX trust manager that remembers which server chains it accepted for which host name, so that a client opening tens of
 * connections to one registry builds and checks each chain once (a {@code mirror} run validated the same chain 40 times).
 * A remembered chain is accepted again only for the same bytes, host, server name indication, endpoint identification and
 * key exchange, and only while every certificate in it is within its validity period.
 */
final class RememberingTrustManager extends X509ExtendedTrustManager {
  /** Distinct chains × hosts a client meets stay few; past this the memory starts over rather than grow. */
  static final int CAPACITY = 256;

  private final X509ExtendedTrustManager delegate;
  private final Set<Accepted> accepted = ConcurrentHashMap.newKeySet();
  private final boolean revocationChecked = Boolean.getBoolean("com.sun.net.ssl.checkRevocation");
  private final AtomicInteger validations = new AtomicInteger();

  /** What decided the delegate's answer: the chain's bytes and every input of its host name and usage checks. */
  private record Accepted(List<ByteBuffer> chain, String authType, String peerHost, List<SNIServerName> serverNames,
      String endpointIdentification) {
  }

  RememberingTrustManager(X509ExtendedTrustManager delegate) {
    this.delegate = delegate;
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
    Accepted key = revocationChecked || engine == null ? null : key(chain, authType, engine);
    if (key != null && accepted.contains(key)) {
      // the delegate checked the dates at validation time; they are the one input that moves
      for (X509Certificate certificate : chain) {
        certificate.checkValidity();
      }
      return;
    }
    validations.incrementAndGet();
    delegate.checkServerTrusted(chain, authType, engine);
    if (key != null) {
      if (accepted.size() >= CAPACITY) {
        accepted.clear();
      }
      accepted.add(key);
    }
  }

  /** How many engine checks went to the delegate (tests). */
  int validations() {
    return validations.get();
  }

  private static Accepted key(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
    List<ByteBuffer> encoded = new ArrayList<>(chain.length);
    for (X509Certificate certificate : chain) {
      encoded.add(ByteBuffer.wrap(certificate.getEncoded()));
    }
    SSLSession session = engine.getHandshakeSession();
    List<SNIServerName> serverNames = session instanceof ExtendedSSLSession extended ? extended.getRequestedServerNames()
        : List.of();
    return new Accepted(List.copyOf(encoded), authType, String.valueOf(engine.getPeerHost()), List.copyOf(serverNames),
        String.valueOf(engine.getSSLParameters().getEndpointIdentificationAlgorithm()));
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
    delegate.checkServerTrusted(chain, authType, socket);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    delegate.checkServerTrusted(chain, authType);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
    delegate.checkClientTrusted(chain, authType, engine);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
    delegate.checkClientTrusted(chain, authType, socket);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    delegate.checkClientTrusted(chain, authType);
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return delegate.getAcceptedIssuers();
  }

  /** Each extended trust manager of {@code managers} wrapped; others (none from the JDK's PKIX factory) as they are. */
  static TrustManager[] wrap(TrustManager[] managers) {
    TrustManager[] wrapped = managers.clone();
    for (int i = 0; i < wrapped.length; i++) {
      if (wrapped[i] instanceof X509ExtendedTrustManager extended) {
        wrapped[i] = new RememberingTrustManager(extended);
      }
    }
    return wrapped;
  }
}
