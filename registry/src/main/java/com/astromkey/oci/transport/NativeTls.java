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
import javax.net.ssl.X509KeyManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TLS engines from BoringSSL (netty-tcnative) behind the JDK's {@link SSLContext} API, for the JDK HttpClient and a server's
 * listener: the record cipher is native from the first byte instead of Java code waiting for the JIT (docs/adr/0007). Never
 * registered as a JCA provider: only the clients built with {@link TransportConfig#nativeTls()} and the servers that ask for
 * {@link #serverContext} use it.
 */
public final class NativeTls {
  private static final Logger LOG = LoggerFactory.getLogger(NativeTls.class);
  private static final String TLS_1_3 = "TLSv1.3";
  static final String PROVIDER_NAME = "AstromkeyBoringSsl";
  private static final Provider PROVIDER = new Provider(PROVIDER_NAME, "1.0", "BoringSSL engines (not registered)") {
    private static final long serialVersionUID = 1L;
  };

  private NativeTls() {}

  /** A client context trusting exactly {@code trustManagers}, or empty when the native library cannot be loaded here. */
  static Optional<SSLContext> clientContext(TrustManager[] trustManagers) {
    return context(() -> {
      SslContext netty = SslContextBuilder.forClient().sslProvider(SslProvider.OPENSSL)
          .protocols("TLSv1.3", "TLSv1.2")
          .trustManager(new FixedTrustManagerFactory(trustManagers))
          .build();
      return new Spi(netty, () -> {
        SSLContext sockets = SSLContext.getInstance("TLS");
        sockets.init(null, trustManagers, null);
        return sockets;
      });
    });
  }

  /**
   * A TLS 1.3-only server context serving what {@code keyManager} chooses, or empty when the native library cannot be loaded
   * here. Netty asks the key manager for the alias, chain and key on every handshake (it caches key material only for its own
   * caching key-manager factories), so a key manager that swaps its certificate is honoured by the next handshake.
   */
  public static Optional<SSLContext> serverContext(X509KeyManager keyManager) {
    return context(() -> {
      SslContext netty = SslContextBuilder.forServer(keyManager).sslProvider(SslProvider.OPENSSL)
          .protocols(TLS_1_3)
          .build();
      return new Spi(netty, () -> {
        SSLContext sockets = SSLContext.getInstance(TLS_1_3);
        sockets.init(new KeyManager[] {keyManager}, null, null);
        return sockets;
      });
    });
  }

  /** Builds one of the contexts above. */
  private interface SpiFactory {
    Spi create() throws SSLException, GeneralSecurityException;
  }

  /** The JDK context behind a native one's socket factories, built on first use. */
  private interface JdkContextFactory {
    SSLContext create() throws GeneralSecurityException;
  }

  /**
   * Loads the native library on a daemon thread, so that a CLI's start-up (arguments, credential files) overlaps it; the
   * first {@link #clientContext} waits for it through the JVM's class initialisation.
   */
  public static void preload() {
    Thread loader = new Thread(OpenSsl::isAvailable, "native-tls-preload");
    loader.setDaemon(true);
    loader.start();
  }

  private static Optional<SSLContext> context(SpiFactory factory) {
    if (!OpenSsl.isAvailable()) {
      LOG.debug("Native TLS unavailable, using the JDK's: {}", String.valueOf(OpenSsl.unavailabilityCause()));
      return Optional.empty();
    }
    try {
      return Optional.of(new SSLContext(factory.create(), PROVIDER, "TLS") { });
    } catch (SSLException | GeneralSecurityException | RuntimeException e) {
      LOG.debug("Native TLS context failed, using the JDK's: {}", e.toString());
      return Optional.empty();
    }
  }

  /** Whether {@code context} has BoringSSL engines (the webhook bench and tests check which TLS they got). */
  public static boolean isNative(SSLContext context) {
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

  /**
   * BoringSSL engines; sockets (unused by our transports and Undertow) come from a JDK context with the same managers, built
   * only when asked for: initialising the JDK's TLS stack costs a CLI about 170 classes at start-up.
   */
  private static final class Spi extends SSLContextSpi {
    private final SslContext netty;
    private final JdkContextFactory socketsFactory;
    private SSLContext sockets;

    Spi(SslContext netty, JdkContextFactory socketsFactory) {
      this.netty = netty;
      this.socketsFactory = socketsFactory;
    }

    private synchronized SSLContext sockets() {
      if (sockets == null) {
        try {
          sockets = socketsFactory.create();
        } catch (GeneralSecurityException e) {
          throw new IllegalStateException("cannot initialise the JDK's TLS for sockets: " + e.getMessage(), e);
        }
      }
      return sockets;
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
      return sockets().getSocketFactory();
    }

    @Override
    protected SSLServerSocketFactory engineGetServerSocketFactory() {
      return sockets().getServerSocketFactory();
    }

    @Override
    protected SSLSessionContext engineGetServerSessionContext() {
      return netty.isServer() ? netty.sessionContext() : sockets().getServerSessionContext();
    }

    @Override
    protected SSLSessionContext engineGetClientSessionContext() {
      return netty.isClient() ? netty.sessionContext() : sockets().getClientSessionContext();
    }
  }
}
