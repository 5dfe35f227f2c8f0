package com.astromkey.oci.transport;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.SimpleTrustManagerFactory;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Provider;
import java.security.SecureRandom;
import java.util.Optional;
import javax.net.ssl.KeyManager;
import javax.net.ssl.ManagerFactoryParameters;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Client TLS engines from BoringSSL (netty-tcnative) behind the JDK's {@link SSLContext} API, for the JDK HttpClient: the
 * record cipher is native from the first byte instead of Java code waiting for the JIT (docs/adr/0007). Never registered as
 * a JCA provider: only the clients built with {@link TransportConfig#nativeTls()} use it.
 */
public final class NativeTls {
  private static final Logger LOG = LoggerFactory.getLogger(NativeTls.class);
  static final String PROVIDER_NAME = "AstromkeyBoringSsl";
  private static final Provider PROVIDER = new Provider(PROVIDER_NAME, "1.0", "BoringSSL client engines (not registered)") {
    private static final long serialVersionUID = 1L;
  };

  private NativeTls() {}

  /** A client context trusting exactly {@code trustManagers}, or empty when the native library cannot be loaded here. */
  static Optional<SSLContext> clientContext(TrustManager[] trustManagers) {
    if (!OpenSsl.isAvailable()) {
      LOG.debug("Native TLS unavailable, using the JDK's: {}", String.valueOf(OpenSsl.unavailabilityCause()));
      return Optional.empty();
    }
    try {
      SslContext netty = SslContextBuilder.forClient().sslProvider(SslProvider.OPENSSL)
          .protocols("TLSv1.3", "TLSv1.2")
          .trustManager(new FixedTrustManagerFactory(trustManagers))
          .build();
      SSLContext sockets = SSLContext.getInstance("TLS");
      sockets.init(null, trustManagers, null);
      return Optional.of(new SSLContext(new Spi(netty, sockets), PROVIDER, "TLS") { });
    } catch (SSLException | GeneralSecurityException | RuntimeException e) {
      LOG.debug("Native TLS context failed, using the JDK's: {}", e.toString());
      return Optional.empty();
    }
  }

  static boolean isNative(SSLContext context) {
    return context.getProvider() == PROVIDER;
  }

  /** Hands the caller's trust managers to Netty, which calls them with the engine so host names are checked as by the JDK. */
  private static final class FixedTrustManagerFactory extends SimpleTrustManagerFactory {
    private final TrustManager[] trustManagers;

    FixedTrustManagerFactory(TrustManager[] trustManagers) {
      this.trustManagers = trustManagers.clone();
    }

    @Override
    protected void engineInit(KeyStore keyStore) {
      // fixed trust managers
    }

    @Override
    protected void engineInit(ManagerFactoryParameters parameters) {
      // fixed trust managers
    }

    @Override
    protected TrustManager[] engineGetTrustManagers() {
      return trustManagers.clone();
    }
  }

  /** BoringSSL engines; sockets (which the JDK HttpClient does not use) come from a JDK context with the same trust. */
  private static final class Spi extends SSLContextSpi {
    private final SslContext netty;
    private final SSLContext sockets;

    Spi(SslContext netty, SSLContext sockets) {
      this.netty = netty;
      this.sockets = sockets;
    }

    @Override
    protected void engineInit(KeyManager[] keyManagers, TrustManager[] trustManagers, SecureRandom random) {
      throw new IllegalStateException("initialised at creation");
    }

    @Override
    protected SSLEngine engineCreateSSLEngine() {
      return new EmptyWrapSafeEngine(netty.newEngine(ByteBufAllocator.DEFAULT));
    }

    @Override
    protected SSLEngine engineCreateSSLEngine(String host, int port) {
      return new EmptyWrapSafeEngine(netty.newEngine(ByteBufAllocator.DEFAULT, host, port));
    }

    @Override
    protected SSLParameters engineGetDefaultSSLParameters() {
      return engineCreateSSLEngine().getSSLParameters();
    }

    @Override
    protected SSLParameters engineGetSupportedSSLParameters() {
      SSLEngine engine = engineCreateSSLEngine();
      return new SSLParameters(engine.getSupportedCipherSuites(), engine.getSupportedProtocols());
    }

    @Override
    protected SSLSocketFactory engineGetSocketFactory() {
      return sockets.getSocketFactory();
    }

    @Override
    protected SSLServerSocketFactory engineGetServerSocketFactory() {
      return sockets.getServerSocketFactory();
    }

    @Override
    protected SSLSessionContext engineGetServerSessionContext() {
      return sockets.getServerSessionContext();
    }

    @Override
    protected SSLSessionContext engineGetClientSessionContext() {
      return netty.sessionContext();
    }
  }
}
