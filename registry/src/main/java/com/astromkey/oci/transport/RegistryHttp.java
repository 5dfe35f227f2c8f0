package com.astromkey.oci.transport;

import com.astromkey.oci.RateLimitedException;
import com.astromkey.oci.RegistryException;
import com.astromkey.oci.RegistryException.Reason;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
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
 * The HTTP layer: one JDK HttpClient with our trust and proxy, redirects followed by hand (Authorization dropped on a host
 * change), retries with backoff and Retry-After, and the HTTPS→HTTP fallback for loopback registries.
 */
public final class RegistryHttp {

  private static final Logger LOG = LoggerFactory.getLogger(RegistryHttp.class);
  private static final int MAX_REDIRECTS = 5;
  private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);

  private final TransportConfig config;
  private final HttpClient client;
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

  /**
   * Ends the JDK client's selector thread, as JDK 17's {@code HttpClient} has no {@code close()}: while that thread waits in
   * {@code epoll_wait} the JVM's exit waits 0.3 s for it, once per CLI process. The client must not be used afterwards.
   */
  public void close() {
    // HttpClientImpl.toString() ends with "(<id>)", the id its selector thread is named after
    String text = client.toString();
    int open = text.lastIndexOf('(');
    if (open < 0 || !text.endsWith(")")) {
      return;
    }
    String selector = "HttpClient-" + text.substring(open + 1, text.length() - 1) + "-SelectorManager";
    for (Thread thread : Thread.getAllStackTraces().keySet()) {
      if (thread.getName().equals(selector)) {
        thread.interrupt();
        try {
          thread.join(1000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
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
    } catch (SSLException | ConnectException | HttpConnectTimeoutException e) {
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
    HttpRequest.Builder builder = HttpRequest.newBuilder(request.uri())
        .timeout(config.readTimeout())
        .header("User-Agent", config.userAgent());
    request.headers().forEach(builder::header);
    proxyAuthorization(request.uri()).ifPresent(value -> builder.header("Proxy-Authorization", value));
    HttpRequest.BodyPublisher publisher =
        request.body() == null ? HttpRequest.BodyPublishers.noBody() : request.body().get();
    builder.method(request.method(), publisher);
    if ("https".equals(request.uri().getScheme()) && config.trust().insecureSkipVerify()
        && insecureWarned.add(request.uri().getRawAuthority())) {
      LOG.warn("TLS certificate and host name of {} are not verified (insecure mode)", request.uri().getRawAuthority());
    }
    try {
      HttpResponse<java.io.InputStream> response =
          client.send(builder.build(), info -> new StreamingBodySubscriber(config.readTimeout()));
      return new RegistryResponse(response.statusCode(), response.headers(), request.uri(), response.body());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted: " + request.method() + " " + request.uri());
    }
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

  private static int effectivePort(URI uri) {
    return uri.getPort() > 0 ? uri.getPort() : ("https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80);
  }

  public static boolean isLoopback(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    return h.equals("localhost") || h.startsWith("127.") || h.equals("[::1]") || h.equals("::1");
  }

  private static String hostOf(String endpoint) {
    int colon = endpoint.lastIndexOf(':');
    return colon > 0 && !endpoint.endsWith("]") ? endpoint.substring(0, colon) : endpoint;
  }

  private static HttpClient buildClient(TransportConfig config) {
    // HTTP/1.1: one connection per stream, so a reset or a stalled blob never takes other downloads down with it
    HttpClient.Builder builder = HttpClient.newBuilder()
        .followRedirects(HttpClient.Redirect.NEVER)
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(config.connectTimeout())
        .sslContext(sslContext(config.trust(), config.nativeTls()));
    ProxyConfig proxy = config.proxy();
    if (proxy != null) {
      builder.proxy(new NoProxyAwareSelector(proxy));
      if (proxy.hasCredentials() && !"".equals(System.getProperty(ProxyConfig.TUNNELING_PROPERTY))) {
        LOG.warn("proxy credentials will not be sent on HTTPS CONNECT: start the JVM with -D{}= (empty)",
            ProxyConfig.TUNNELING_PROPERTY);
      }
    }
    return builder.build();
  }

  /**
   * Basic proxy credentials, sent only on requests routed through the proxy. The JDK puts this header on the CONNECT
   * request (and keeps it out of the tunnel) when {@value ProxyConfig#TUNNELING_PROPERTY} allows Basic. We do not use a
   * java.net.Authenticator: with one installed, the JDK turns a registry's {@code 401 Basic} into an IOException
   * ("No credentials provided") instead of returning it to our own authentication code.
   */
  private Optional<String> proxyAuthorization(URI uri) {
    ProxyConfig proxy = config.proxy();
    if (proxy == null || !proxy.hasCredentials()) {
      return Optional.empty();
    }
    int port = uri.getPort() > 0 ? uri.getPort() : ("https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80);
    if (proxy.bypasses(uri.getHost(), port)) {
      return Optional.empty();
    }
    String pair = proxy.username() + ":" + (proxy.password() == null ? "" : proxy.password());
    return Optional.of("Basic " + java.util.Base64.getEncoder().encodeToString(pair.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
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

  /** Routes through the proxy except for no-proxy hosts. */
  private static final class NoProxyAwareSelector extends ProxySelector {
    private final ProxyConfig proxy;
    private final List<Proxy> viaProxy;

    NoProxyAwareSelector(ProxyConfig proxy) {
      this.proxy = proxy;
      this.viaProxy = List.of(new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved(proxy.host(), proxy.port())));
    }

    @Override
    public List<Proxy> select(URI uri) {
      int port = uri.getPort() > 0 ? uri.getPort() : ("https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80);
      return proxy.bypasses(uri.getHost(), port) ? List.of(Proxy.NO_PROXY) : viaProxy;
    }

    @Override
    public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {
      // the request itself reports the failure
    }
  }
}
