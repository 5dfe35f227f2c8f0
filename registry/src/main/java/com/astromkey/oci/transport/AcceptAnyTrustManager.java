package com.astromkey.oci.transport;

import java.net.Socket;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The explicit insecure opt-in: accepts every certificate and, being an extended trust manager, also skips the host name
 * check that the default one would do.
 */
final class AcceptAnyTrustManager extends X509ExtendedTrustManager {

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
    // client certificates are not used
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
    // insecure mode by explicit configuration
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
    // client certificates are not used
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
    // insecure mode by explicit configuration
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType) {
    // client certificates are not used
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType) {
    // insecure mode by explicit configuration
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return new X509Certificate[0];
  }
}
