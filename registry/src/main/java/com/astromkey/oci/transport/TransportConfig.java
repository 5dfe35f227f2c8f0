package com.astromkey.oci.transport;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * Everything that shapes the HTTP connections of one client: trust, proxy, timeouts, identity, retries, and whether TLS
 * runs on BoringSSL engines when they load here ({@link NativeTls}).
 */
public record TransportConfig(
    TrustConfig trust,
    ProxyConfig proxy,
    Duration connectTimeout,
    Duration readTimeout,
    String userAgent,
    Set<String> plainHttpHosts,
    RetryPolicy retryPolicy,
    boolean nativeTls) {

  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
  public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(30);
  public static final String DEFAULT_USER_AGENT = "astromkey-operator/1.0.0 (registry)";

  public TransportConfig {
    trust = trust == null ? TrustConfig.systemDefaults() : trust;
    connectTimeout = connectTimeout == null ? DEFAULT_CONNECT_TIMEOUT : connectTimeout;
    readTimeout = readTimeout == null ? DEFAULT_READ_TIMEOUT : readTimeout;
    userAgent = userAgent == null ? DEFAULT_USER_AGENT : userAgent;
    plainHttpHosts = plainHttpHosts == null ? Set.of() : Set.copyOf(plainHttpHosts);
    retryPolicy = Objects.requireNonNullElse(retryPolicy, RetryPolicy.DEFAULT);
  }

  public static TransportConfig defaults() {
    return new TransportConfig(null, null, null, null, null, null, null, false);
  }
}
