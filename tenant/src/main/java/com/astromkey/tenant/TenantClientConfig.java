package com.astromkey.tenant;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Everything a {@link TenantClient} needs, validated on construction with messages that name the setting.
 *
 * @param apiUrl tenant API base URL, trailing {@code /} removed ({@code spec.apiUrl})
 * @param proxy {@code null} for a direct connection
 * @param networkZone empty when not set
 * @param requestThreshold cache TTL ({@code astromkeyApiRequestThreshold}); zero disables the cache
 */
public record TenantClientConfig(
    URI apiUrl,
    TenantTokens tokens,
    List<String> trustedCaPems,
    boolean skipCertCheck,
    ProxyConfig proxy,
    NoProxy noProxy,
    String networkZone,
    Component component,
    String operatorVersion,
    Duration connectTimeout,
    Duration readTimeout,
    Duration requestThreshold,
    Clock clock) {

  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
  public static final Duration DEFAULT_REQUEST_THRESHOLD = Duration.ofMinutes(15);

  public TenantClientConfig {
    apiUrl = normalizeApiUrl(apiUrl);
    Objects.requireNonNull(tokens, "tokens must be set");
    if (tokens.apiToken().isBlank()) {
      throw new IllegalArgumentException("apiToken must not be empty");
    }
    trustedCaPems = trustedCaPems == null ? List.of() : List.copyOf(trustedCaPems);
    parseCertificates(trustedCaPems);
    noProxy = noProxy == null ? NoProxy.none() : noProxy;
    networkZone = networkZone == null ? "" : networkZone.strip();
    Objects.requireNonNull(component, "component must be set");
    operatorVersion = operatorVersion == null || operatorVersion.isBlank() ? "dev" : operatorVersion.strip();
    requirePositive("connectTimeout", connectTimeout);
    requirePositive("readTimeout", readTimeout);
    Objects.requireNonNull(requestThreshold, "requestThreshold must be set");
    if (requestThreshold.isNegative()) {
      throw new IllegalArgumentException("requestThreshold must not be negative, got " + requestThreshold);
    }
    Objects.requireNonNull(clock, "clock must be set");
  }

  public static Builder builder(String apiUrl, TenantTokens tokens) {
    return new Builder(apiUrl, tokens);
  }

  /** The certificates of {@link #trustedCaPems()}, added to the JVM trust store. */
  public List<X509Certificate> trustedCertificates() {
    return parseCertificates(trustedCaPems);
  }

  public String userAgent() {
    return "astromkey-operator/" + operatorVersion + " (" + component.userAgentName() + ")";
  }

  @Override
  public String toString() {
    // logged at start-up: tokens and proxy password are redacted by their own toString
    return "TenantClientConfig[apiUrl=" + apiUrl + ", tokens=" + tokens + ", trustedCAs=" + trustedCaPems.size()
        + " PEM block(s), skipCertCheck=" + skipCertCheck + ", proxy=" + proxy + ", noProxy=" + noProxy
        + ", networkZone=" + networkZone + ", component=" + component.userAgentName() + ", connectTimeout="
        + connectTimeout + ", readTimeout=" + readTimeout + ", requestThreshold=" + requestThreshold + "]";
  }

  private static URI normalizeApiUrl(URI url) {
    if (url == null) {
      throw new IllegalArgumentException("apiUrl must be set");
    }
    String s = url.toString().strip();
    while (s.endsWith("/")) {
      s = s.substring(0, s.length() - 1);
    }
    URI u;
    try {
      u = new URI(s);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("apiUrl '" + s + "' is not a valid URL");
    }
    if (u.getRawUserInfo() != null) {
      // credentials go into the tokens Secret, never into the URL
      throw new IllegalArgumentException("apiUrl must not contain user information");
    }
    String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("https") && !scheme.equals("http")) {
      throw new IllegalArgumentException("apiUrl '" + s + "' must start with https://");
    }
    if (u.getHost() == null) {
      throw new IllegalArgumentException("apiUrl '" + s + "' has no host");
    }
    if (u.getRawQuery() != null || u.getRawFragment() != null) {
      throw new IllegalArgumentException("apiUrl '" + s + "' must not have a query or fragment");
    }
    return u;
  }

  private static void requirePositive(String name, Duration d) {
    if (d == null || d.isZero() || d.isNegative()) {
      throw new IllegalArgumentException(name + " must be a positive duration, got " + d);
    }
  }

  private static List<X509Certificate> parseCertificates(List<String> pems) {
    List<X509Certificate> certs = new ArrayList<>();
    CertificateFactory factory;
    try {
      factory = CertificateFactory.getInstance("X.509");
    } catch (CertificateException e) {
      throw new IllegalStateException("X.509 is not supported by this JVM", e);
    }
    for (int i = 0; i < pems.size(); i++) {
      String pem = pems.get(i);
      if (pem == null || pem.isBlank()) {
        continue;
      }
      if (!pem.contains("-----BEGIN CERTIFICATE-----")) {
        throw new IllegalArgumentException("trustedCAs entry " + (i + 1) + " holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
      }
      try {
        Collection<? extends java.security.cert.Certificate> parsed =
            factory.generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
        for (java.security.cert.Certificate c : parsed) {
          certs.add((X509Certificate) c);
        }
      } catch (CertificateException e) {
        throw new IllegalArgumentException("trustedCAs entry " + (i + 1) + " is not a valid PEM certificate: " + e.getMessage());
      }
    }
    return certs;
  }

  /** Fills the defaults of tenant-api.md §1; only apiUrl and tokens are required. */
  public static final class Builder {
    private final String apiUrl;
    private final TenantTokens tokens;
    private List<String> trustedCaPems = List.of();
    private boolean skipCertCheck;
    private ProxyConfig proxy;
    private NoProxy noProxy = NoProxy.none();
    private String networkZone = "";
    private Component component = Component.OPERATOR;
    private String operatorVersion = TenantClientConfig.class.getPackage().getImplementationVersion();
    private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    private Duration readTimeout;
    private Duration requestThreshold = DEFAULT_REQUEST_THRESHOLD;
    private Clock clock = Clock.systemUTC();

    private Builder(String apiUrl, TenantTokens tokens) {
      this.apiUrl = apiUrl;
      this.tokens = tokens;
    }

    public Builder trustedCaPems(List<String> pems) {
      this.trustedCaPems = pems;
      return this;
    }

    public Builder skipCertCheck(boolean skip) {
      this.skipCertCheck = skip;
      return this;
    }

    public Builder proxy(ProxyConfig proxy) {
      this.proxy = proxy;
      return this;
    }

    public Builder noProxy(NoProxy noProxy) {
      this.noProxy = noProxy;
      return this;
    }

    public Builder networkZone(String zone) {
      this.networkZone = zone;
      return this;
    }

    public Builder component(Component component) {
      this.component = component;
      return this;
    }

    public Builder operatorVersion(String version) {
      this.operatorVersion = version;
      return this;
    }

    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = timeout;
      return this;
    }

    /** Defaults to the component's read timeout. */
    public Builder readTimeout(Duration timeout) {
      this.readTimeout = timeout;
      return this;
    }

    public Builder requestThreshold(Duration threshold) {
      this.requestThreshold = threshold;
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    public TenantClientConfig build() {
      if (apiUrl == null || apiUrl.isBlank()) {
        throw new IllegalArgumentException("apiUrl must be set");
      }
      URI uri;
      try {
        uri = new URI(apiUrl.strip());
      } catch (URISyntaxException e) {
        throw new IllegalArgumentException("apiUrl '" + apiUrl + "' is not a valid URL");
      }
      Objects.requireNonNull(component, "component must be set");
      return new TenantClientConfig(uri, tokens, trustedCaPems, skipCertCheck, proxy, noProxy, networkZone, component,
          operatorVersion, connectTimeout, readTimeout == null ? component.defaultReadTimeout() : readTimeout,
          requestThreshold, clock);
    }
  }
}
