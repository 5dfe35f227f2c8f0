package com.astromkey.tenant;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The wire side of the client on the JDK HttpClient: headers, TLS, proxy, our own redirect loop, stall-guarded
 * bodies, and the mapping of I/O failures to {@link TenantApiException}.
 */
final class TenantHttp implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TenantHttp.class);
  static final int MAX_REDIRECTS = 5;
  private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);

  private final TenantClientConfig config;
  private final TenantRequestObserver observer;
  private final HttpClient client;
  private final ScheduledExecutorService timer;

  TenantHttp(TenantClientConfig config, TenantRequestObserver observer) {
    this.config = config;
    this.observer = observer;
    HttpClient.Builder b = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(config.connectTimeout())
        // the JDK would forward Authorization to any host it is redirected to; we follow redirects ourselves
        .followRedirects(HttpClient.Redirect.NEVER)
        .sslContext(TlsContexts.create(config.trustedCertificates(), config.skipCertCheck()))
        .sslParameters(TlsContexts.parameters());
    if (config.proxy() != null) {
      // No java.net.Authenticator: with one set, the JDK client strips every user-set Authorization header (its
      // "context restricted" headers), which would drop the Api-Token. Proxy credentials go preemptively instead.
      b.proxy(new NoProxySelector(config.proxy(), config.noProxy()));
    } else {
      b.proxy(HttpClient.Builder.NO_PROXY);
    }
    this.client = b.build();
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "tenant-client-stall-guard");
      t.setDaemon(true);
      return t;
    });
  }

  /** An answer with its headers; the caller reads and closes the stall-guarded body. */
  record Exchange(TenantRequest request, URI uri, int status, HttpHeaders headers, StallGuardInputStream body)
      implements AutoCloseable {
    boolean isSuccess() {
      return status == 200 || status == 201;
    }

    @Override
    public void close() {
      try {
        body.close();
      } catch (IOException ignored) {
        // closing a response stream only releases the connection
      }
    }
  }

  Exchange send(TenantRequest req) {
    URI uri = req.uri(config.apiUrl());
    boolean withAuth = true;
    for (int hop = 0; ; hop++) {
      long start = System.nanoTime();
      HttpResponse<InputStream> response;
      try {
        response = sendOnce(req, build(req, uri, withAuth), uri);
      } catch (TenantApiException e) {
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        LOG.debug("{} {} -> no response in {} ms", req.method(), uri.getRawPath(), took.toMillis());
        observer.onExchange(req.endpoint(), TenantRequestObserver.IO_ERROR, took);
        throw e;
      }
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      LOG.debug("{} {} -> {} in {} ms", req.method(), uri.getRawPath(), response.statusCode(), took.toMillis());
      observer.onExchange(req.endpoint(), Integer.toString(response.statusCode()), took);
      // a 407 from the proxy on CONNECT comes back without a body stream
      InputStream raw = response.body() == null ? InputStream.nullInputStream() : response.body();
      StallGuardInputStream body = new StallGuardInputStream(raw, config.readTimeout(), timer);
      Exchange ex = new Exchange(req, uri, response.statusCode(), response.headers(), body);
      String location = response.headers().firstValue("Location").orElse(null);
      if (!req.isGet() || !REDIRECTS.contains(ex.status()) || location == null) {
        return ex;
      }
      ex.close();
      if (hop == MAX_REDIRECTS) {
        throw TenantApiException.of(TenantErrorKind.REQUEST_REJECTED,
            req.method() + " " + req.path() + " was redirected more than " + MAX_REDIRECTS + " times.");
      }
      URI next;
      try {
        next = uri.resolve(location.strip());
      } catch (IllegalArgumentException e) {
        throw TenantApiException.of(TenantErrorKind.REQUEST_REJECTED,
            req.method() + " " + req.path() + " was redirected to an invalid Location.", e);
      }
      if (uri.getScheme().equalsIgnoreCase("https") && !"https".equalsIgnoreCase(next.getScheme())) {
        throw TenantApiException.of(TenantErrorKind.REQUEST_REJECTED, req.method() + " " + req.path()
            + " was redirected from https to " + next.getScheme() + "://" + next.getHost() + "; refusing the downgrade.");
      }
      if (!sameOrigin(uri, next)) {
        // the token is for the tenant only; once dropped it stays dropped, even if a later hop comes back
        withAuth = false;
      }
      uri = next;
    }
  }

  static boolean sameOrigin(URI a, URI b) {
    return a.getScheme().equalsIgnoreCase(String.valueOf(b.getScheme()))
        && a.getHost().equalsIgnoreCase(String.valueOf(b.getHost()))
        && port(a) == port(b);
  }

  static int port(URI u) {
    if (u.getPort() != -1) {
      return u.getPort();
    }
    return "http".equalsIgnoreCase(u.getScheme()) ? 80 : 443;
  }

  private HttpRequest build(TenantRequest req, URI uri, boolean withAuth) {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri)
        .timeout(config.readTimeout())
        .header("Accept", req.download() ? "application/octet-stream" : "application/json")
        .header("User-Agent", config.userAgent());
    if (withAuth) {
      b.header("Authorization", "Api-Token " + config.tokens().tokenFor(req.tokenKind()));
    }
    ProxyConfig proxy = config.proxy();
    if (proxy != null && proxy.hasCredentials() && !config.noProxy().matches(uri.getHost())) {
      // the JDK puts it on the CONNECT of an https tunnel, not on the tunnelled request; Basic on CONNECT needs
      // jdk.http.auth.tunneling.disabledSchemes="" (set by the launcher), otherwise the JDK filters the header out
      b.header("Proxy-Authorization", proxy.basicAuthorization());
    }
    if (req.jsonBody() != null) {
      b.header("Content-Type", "application/json")
          .method(req.method(), HttpRequest.BodyPublishers.ofString(req.jsonBody(), StandardCharsets.UTF_8));
    } else {
      b.method(req.method(), HttpRequest.BodyPublishers.noBody());
    }
    return b.build();
  }

  /**
   * No retry of our own: the JDK client already retries an idempotent request once, at once, when the connection is
   * closed or reset before any response byte (its "connection expired" path), which is exactly the one retry
   * tenant-api.md §1 allows; POSTs are not retried. ConnectionResetIT and TenantClientFaultsIT pin this.
   */
  private HttpResponse<InputStream> sendOnce(TenantRequest req, HttpRequest httpRequest, URI uri) {
    try {
      return client.send(httpRequest, HttpResponse.BodyHandlers.ofInputStream());
    } catch (IOException e) {
      throw ioError(req, uri, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw TenantApiException.of(TenantErrorKind.TRANSIENT, "Interrupted during " + req.method() + " " + req.path() + ".", e);
    }
  }

  /** Reads at most {@code max} bytes of the body as UTF-8. */
  String readText(Exchange ex, int max) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buf = new byte[8192];
      int n;
      while ((n = ex.body().read(buf)) != -1) {
        if (out.size() + n > max) {
          throw TenantApiException.of(TenantErrorKind.TRANSIENT,
              ex.request().method() + " " + ex.request().path() + " answered more than " + max + " bytes.");
        }
        out.write(buf, 0, n);
      }
      return out.toString(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw ioError(ex.request(), ex.uri(), e);
    }
  }

  TenantApiException ioError(TenantRequest req, URI uri, IOException e) {
    String target = req.method() + " " + req.path();
    String hostPort = uri.getHost() + ":" + port(uri);
    if (e instanceof HttpConnectTimeoutException) {
      return TenantApiException.of(TenantErrorKind.TRANSIENT, "Connecting to " + hostPort + " timed out after "
          + human(config.connectTimeout()) + " (" + target + ").", e);
    }
    if (e instanceof HttpTimeoutException) {
      return TenantApiException.of(TenantErrorKind.TRANSIENT, "No answer from " + hostPort + " within "
          + human(config.readTimeout()) + " (read timeout) for " + target + ".", e);
    }
    if (e instanceof StallGuardInputStream.StalledException) {
      return TenantApiException.of(TenantErrorKind.TRANSIENT, target + " from " + hostPort + " stalled: no data for "
          + human(config.readTimeout()) + " (read timeout).", e);
    }
    if (isTlsFailure(e)) {
      return TenantApiException.of(TenantErrorKind.TLS, tlsMessage(uri.getHost(), e), e);
    }
    if (e instanceof ConnectException) {
      return TenantApiException.of(TenantErrorKind.TRANSIENT, "Cannot connect to " + hostPort + " for " + target + ": "
          + (e.getMessage() == null ? "connection refused" : e.getMessage()) + ".", e);
    }
    return TenantApiException.of(TenantErrorKind.TRANSIENT, "Connection to " + hostPort + " failed during " + target
        + ": " + describe(e) + ".", e);
  }

  private static boolean isTlsFailure(IOException e) {
    return find(e, SSLException.class) != null && (find(e, CertificateException.class) != null
        || find(e, CertPathValidatorException.class) != null || find(e, CertPathBuilderException.class) != null
        || e instanceof javax.net.ssl.SSLHandshakeException);
  }

  private String tlsMessage(String host, IOException e) {
    String detail = describeChain(e).toLowerCase(Locale.ROOT);
    if (detail.contains("no subject alternative") || detail.contains("no name matching")) {
      return "The TLS certificate of " + host + " does not match the host name " + host
          + "; use the name the certificate was issued for, or set skipCertCheck.";
    }
    if (find(e, CertificateException.class) != null || find(e, CertPathValidatorException.class) != null
        || find(e, CertPathBuilderException.class) != null) {
      return "The TLS certificate of " + host + " is not trusted: add the CA that issued it to trustedCAs, or set "
          + "skipCertCheck (" + describe(e) + ").";
    }
    return "The TLS handshake with " + host + " failed: " + describe(e) + ".";
  }

  private static String describe(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String msg = root.getMessage();
    return msg == null || msg.isBlank() ? root.getClass().getSimpleName() : msg;
  }

  private static String describeChain(Throwable e) {
    StringBuilder sb = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      sb.append(t.getMessage()).append(' ');
    }
    return sb.toString();
  }

  static <T extends Throwable> T find(Throwable e, Class<T> type) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    return null;
  }

  static String human(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }

  /** Sends everything through the proxy except the hosts of the no-proxy list. */
  static final class NoProxySelector extends ProxySelector {
    private final Proxy proxy;
    private final NoProxy noProxy;

    NoProxySelector(ProxyConfig proxy, NoProxy noProxy) {
      this.proxy = new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved(proxy.host(), proxy.port()));
      this.noProxy = noProxy;
    }

    @Override
    public List<Proxy> select(URI uri) {
      return noProxy.matches(uri.getHost()) ? List.of(Proxy.NO_PROXY) : List.of(proxy);
    }

    @Override
    public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {
      // nothing to learn: there is only one proxy
    }
  }
}
