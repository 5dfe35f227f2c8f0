package com.astromkey.webhook.server;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/** A key manager whose certificate can be swapped atomically: new handshakes get the new one, open connections keep theirs. */
public final class ReloadingKeyManager extends X509ExtendedKeyManager {
  private final AtomicReference<X509ExtendedKeyManager> delegate = new AtomicReference<>();

  public void swap(X509ExtendedKeyManager next) {
    delegate.set(next);
  }

  public boolean loaded() {
    return delegate.get() != null;
  }

  private X509ExtendedKeyManager current() {
    X509ExtendedKeyManager manager = delegate.get();
    if (manager == null) {
      throw new IllegalStateException("no serving certificate loaded yet");
    }
    return manager;
  }

  @Override
  public String[] getClientAliases(String keyType, Principal[] issuers) {
    return null;
  }

  @Override
  public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
    return null;
  }

  @Override
  public String[] getServerAliases(String keyType, Principal[] issuers) {
    return current().getServerAliases(keyType, issuers);
  }

  @Override
  public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
    return current().chooseServerAlias(keyType, issuers, socket);
  }

  @Override
  public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
    return current().chooseEngineServerAlias(keyType, issuers, engine);
  }

  @Override
  public X509Certificate[] getCertificateChain(String alias) {
    return current().getCertificateChain(alias);
  }

  @Override
  public PrivateKey getPrivateKey(String alias) {
    return current().getPrivateKey(alias);
  }
}
