package com.astromkey.oci.transport;

import com.astromkey.oci.RateLimitedException;
import com.astromkey.oci.RegistryException;
import com.astromkey.oci.RegistryException.Reason;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP layer: one {@link Http1Client} with our trust and proxy, redirects followed by hand (Authorization dropped on a host
 * change), retries with backoff and Retry-After, and the HTTPS→HTTP fallback for loopback registries.
 */
public final class RegistryHttp {

  private static final Logger LOG = LoggerFactory.getLogger(RegistryHttp.class);
  private static final int MAX_REDIRECTS = 5;
  private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);

  private final TransportConfig config;
  private final Http1Client client;
  private final Map<String, String> schemes = new ConcurrentHashMap<>();
  private final Set<String> insecureWarned = ConcurrentHashMap.newKeySet();
  private final Sleeper sleeper;

  /** Waits between attempts; tests replace it to observe backoffs without sleeping. */
  public interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;
  }

  public RegistryHttp(TransportConfig config) {
    this(config, d -> Thread.sleep(d.toMillis()));
  }

  public RegistryHttp(TransportConfig config, Sleeper sleeper) {
    this.config = config;
    this.sleeper = sleeper;
    this.client = buildClient(config);
  }

  public TransportConfig config() {
    return config;
  }

  /** Closes the pooled connections; the client must not be used afterwards. */
  public void close() {
    client.close();
  }

  /** {@code https://endpoint}, or {@code http://} for plain-HTTP hosts and loopback registries that only speak HTTP. */
  public URI baseUri(String endpoint) {
    String host = hostOf(endpoint);
    if (config.plainHttpHosts().contains(endpoint) || config.plainHttpHosts().contains(host)) {
      return URI.create("http://" + endpoint);
    }
    return URI.create(schemes.getOrDefault(endpoint, "https") + "://" + endpoint);
  }

  /**
   * Sends the request, following redirects and retrying transient failures. Returns any final status (the caller maps
   * 4xx); throws {@link RegistryException} for TLS and connection failures and for a Retry-After beyond the limit.
   */
  public RegistryResponse exchange(RegistryRequest request) throws RegistryException {
    RetryPolicy policy = config.retryPolicy();
    int attempt = 0;
    while (true) {
      attempt++;
      RegistryResponse response;
      try {
        response = followRedirects(request);
      } catch (SSLException e) {
        throw tlsFailure(request, e);
      } catch (RegistryException e) {
        throw e;
      } catch (IOException e) {
        if (attempt >= policy.maxAttempts() || !request.repeatableBody()) {
          throw new RegistryException(Reason.CONNECTION,
              request.context() + ": " + describe(e) + " (after " + attempt + " attempts)", e);
        }
        Duration delay = policy.backoff(attempt - 1);
        LOG.debug("{} {} failed ({}), retry {} in {} ms", request.method(), request.uri(), describe(e), attempt,
            delay.toMillis());
        pause(delay);
        continue;
      }
      if (!RetryPolicy.isRetryableStatus(response.status())) {
        return response;
      }
      Optional<Duration> retryAfter =
          RetryPolicy.parseRetryAfter(response.header("Retry-After").orElse(null), Instant.now());
      if (retryAfter.isPresent() && retryAfter.get().compareTo(policy.maxRetryAfter()) > 0) {
        response.close();
        throw new RateLimitedException(request.context() + ": HTTP " + response.status(), retryAfter.get());
      }
      if (attempt >= policy.maxAttempts() || !request.repeatableBody()) {
        return response;
      }
      response.close();
      int retry = attempt - 1;
      Duration delay = retryAfter.orElseGet(() -> policy.backoff(retry));
      LOG.debug("{} {} answered {}, retry {} in {} ms", request.method(), request.uri(), response.status(), attempt,
          delay.toMillis());
      pause(delay);
    }
  }

  private RegistryResponse followRedirects(RegistryRequest original) throws IOException {
    RegistryRequest request = original;
    for (int hop = 0; ; hop++) {
      RegistryResponse response = sendWithLoopbackFallback(request);
      if (!REDIRECTS.contains(response.status())) {
        return response;
      }
      Optional<String> location = response.header("Location");
      response.close();
      if (location.isEmpty()) {
        throw new RegistryException(Reason.PROTOCOL, request.context() + ": redirect " + response.status()
            + " without Location");
      }
      if (hop >= MAX_REDIRECTS) {
        throw new RegistryException(Reason.PROTOCOL, request.context() + ": more than " + MAX_REDIRECTS + " redirects");
      }
      URI next = request.uri().resolve(location.get());
      RegistryRequest redirected = request.withUri(next);
      if (!sameAuthority(request.uri(), next)) {
        // the JDK's own redirect handling would forward the registry credentials to object storage
        redirected = redirected.withHeader("Authorization", null);
      }
      if (response.status() == 303) {
        redirected = redirected.withMethod("GET", null);
      }
      LOG.debug("{} {} redirected to host {}", request.method(), request.uri().getPath(), next.getHost());
      request = redirected;
    }
  }

  private RegistryResponse sendWithLoopbackFallback(RegistryRequest original) throws IOException {
    RegistryRequest request = original;
    if ("https".equals(request.uri().getScheme()) && "http".equals(schemes.get(request.uri().getRawAuthority()))) {
      // built before we learnt that this loopback registry speaks plain HTTP
      request = request.withUri(toHttp(request.uri()));
    }
    try {
      return send(request);
    } catch (SSLException | ConnectException e) {
      // a plain-HTTP server may never answer a ClientHello, so a handshake timeout counts as a handshake failure
      URI uri = request.uri();
      String authority = uri.getRawAuthority();
      if (!"https".equals(uri.getScheme()) || !isLoopback(uri.getHost()) || schemes.containsKey(authority)) {
        throw e;
      }
      if (!answersPlainHttp(authority)) {
        schemes.put(authority, "https");
        throw e;
      }
      LOG.info("registry {} is loopback and speaks plain HTTP only; using http", authority);
      schemes.put(authority, "http");
      return send(request.withUri(toHttp(uri)));
    }
  }

  private static URI toHttp(URI uri) {
    return URI.create("http" + uri.toString().substring("https".length()));
  }

  /** A plain-HTTP registry answers /v2/ with 200 or 401; a TLS server answers 400 or drops the connection. */
  private boolean answersPlainHttp(String authority) {
    try (RegistryResponse probe = send(RegistryRequest.get(URI.create("http://" + authority + "/v2/"), "probe"))) {
      return probe.status() == 200 || probe.status() == 401;
    } catch (IOException e) {
      return false;
    }
  }

  private RegistryResponse send(RegistryRequest request) throws IOException {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("User-Agent", config.userAgent());
    headers.putAll(request.headers());
    if ("https".equals(request.uri().getScheme()) && config.trust().insecureSkipVerify()
        && insecureWarned.add(request.uri().getRawAuthority())) {
      LOG.warn("TLS certificate and host name of {} are not verified (insecure mode)", request.uri().getRawAuthority());
    }
    Http1Client.Response response =
        client.send(request.method(), request.uri(), headers, request.body(), request.repeatableBody());
    return new RegistryResponse(response.status(), response.headers(), request.uri(), response.body());
  }

  private void pause(Duration delay) throws RegistryException {
    try {
      sleeper.sleep(delay);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RegistryException(Reason.CONNECTION, "interrupted while waiting to retry");
    }
  }

  private RegistryException tlsFailure(RegistryRequest request, SSLException e) {
    String cause = rootMessage(e);
    String hint = cause.contains("PKIX") || cause.contains("certification path")
        ? "server certificate is not trusted (add its CA to trustedCAs / --ca-file, or enable skipCertCheck)"
        : "TLS handshake failed: " + cause;
    return new RegistryException(Reason.TLS, request.context() + ": " + hint, e);
  }

  static String describe(IOException e) {
    String message = rootMessage(e);
    String type = e.getClass().getSimpleName();
    return message == null || message.isBlank() ? type : type + ": " + message;
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    String message = t.getMessage() != null ? t.getMessage() : e.getMessage();
    return message == null ? t.getClass().getSimpleName() : message;
  }

  static boolean sameAuthority(URI a, URI b) {
    return a.getScheme().equalsIgnoreCase(b.getScheme()) && a.getHost().equalsIgnoreCase(b.getHost())
        && effectivePort(a) == effectivePort(b);
  }

  /** The URI's port, or its scheme's default. */
  static int effectivePort(URI uri) {
    return uri.getPort() > 0 ? uri.getPort() : defaultPort(uri.getScheme());
  }

  static int defaultPort(String scheme) {
    return "https".equalsIgnoreCase(scheme) ? 443 : 80;
  }

  public static boolean isLoopback(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    return h.equals("localhost") || h.startsWith("127.") || h.equals("[::1]") || h.equals("::1");
  }

  private static String hostOf(String endpoint) {
    int colon = endpoint.lastIndexOf(':');
    return colon > 0 && !endpoint.endsWith("]") ? endpoint.substring(0, colon) : endpoint;
  }

  private static Http1Client buildClient(TransportConfig config) {
    return new Http1Client(sslContext(config.trust(), config.nativeTls()), config.proxy(), config.connectTimeout(),
        config.readTimeout());
  }

  static SSLContext sslContext(TrustConfig trust) {
    return sslContext(trust, false);
  }

  static SSLContext sslContext(TrustConfig trust, boolean nativeTls) {
    try {
      TrustManager[] trustManagers;
      if (trust.insecureSkipVerify()) {
        trustManagers = new TrustManager[] {new AcceptAnyTrustManager()};
      } else if (trust.extraCertificates().isEmpty()) {
        TrustManagerFactory defaults = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        defaults.init((KeyStore) null);
        trustManagers = defaults.getTrustManagers();
      } else {
        trustManagers = trustManagers(trust.extraCertificates());
      }
      if (!trust.insecureSkipVerify()) {
        trustManagers = RememberingTrustManager.wrap(trustManagers);
      }
      if (nativeTls) {
        Optional<SSLContext> boringSsl = NativeTls.clientContext(trustManagers);
        if (boringSsl.isPresent()) {
          return boringSsl.get();
        }
      }
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trustManagers, null);
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot initialise TLS: " + e.getMessage(), e);
    }
  }

  /** JVM default anchors plus the extra CAs in one PKIX trust manager, so host name checks stay on. */
  private static TrustManager[] trustManagers(List<X509Certificate> extra) throws GeneralSecurityException, IOException {
    TrustManagerFactory defaults = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    defaults.init((KeyStore) null);
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    store.load(null, null);
    int i = 0;
    for (TrustManager tm : defaults.getTrustManagers()) {
      if (tm instanceof X509TrustManager x509) {
        for (X509Certificate certificate : x509.getAcceptedIssuers()) {
          store.setCertificateEntry("default-" + i++, certificate);
        }
      }
    }
    for (X509Certificate certificate : extra) {
      store.setCertificateEntry("extra-" + i++, certificate);
    }
    TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(store);
    return factory.getTrustManagers();
  }
}
