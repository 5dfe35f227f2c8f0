package com.astromkey.oci.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Backoff, Retry-After, retryable statuses, no-proxy matching and redirect authority comparison. */
class TransportRulesTest {

  @Test
  void backoffDoublesWithJitterAndCap() {
    RetryPolicy policy = RetryPolicy.DEFAULT;
    for (int i = 0; i < 50; i++) {
      assertThat(policy.backoff(0).toMillis()).isBetween(400L, 600L);
      assertThat(policy.backoff(1).toMillis()).isBetween(800L, 1200L);
      assertThat(policy.backoff(10).toMillis()).isBetween(24_000L, 36_000L);
    }
  }

  @Test
  void retryAfterSecondsAndHttpDate() {
    Instant now = Instant.parse("2026-11-27T07:00:00Z");
    assertThat(RetryPolicy.parseRetryAfter("2", now)).contains(Duration.ofSeconds(2));
    assertThat(RetryPolicy.parseRetryAfter("Fri, 27 Nov 2026 07:00:30 GMT", now)).contains(Duration.ofSeconds(30));
    assertThat(RetryPolicy.parseRetryAfter("soon", now)).isEmpty();
  }

  @Test
  void retryableStatuses() {
    assertThat(List.of(408, 429, 500, 502, 503, 504)).allMatch(RetryPolicy::isRetryableStatus);
    assertThat(List.of(400, 401, 403, 404, 501)).noneMatch(RetryPolicy::isRetryableStatus);
  }

  @Test
  void noProxyEntries() {
    ProxyConfig proxy = ProxyConfig.parse("http://user:pw@proxy:3128", null, null,
        List.of("internal.example.com", ".corp", "10.0.0.1", "reg.local:5000"));

    assertThat(proxy.username()).isEqualTo("user");
    assertThat(proxy.port()).isEqualTo(3128);
    assertThat(proxy.bypasses("internal.example.com", 443)).isTrue();
    assertThat(proxy.bypasses("a.internal.example.com", 443)).isTrue();
    assertThat(proxy.bypasses("x.corp", 443)).isTrue();
    assertThat(proxy.bypasses("10.0.0.1", 443)).isTrue();
    assertThat(proxy.bypasses("reg.local", 5000)).isTrue();
    assertThat(proxy.bypasses("reg.local", 443)).isFalse();
    assertThat(proxy.bypasses("example.com", 443)).isFalse();
    assertThat(proxy.toString()).doesNotContain("pw");
  }

  @Test
  void proxyFromEnvironment() {
    ProxyConfig proxy = ProxyConfig.fromEnvironment(Map.of("HTTPS_PROXY", "proxy.corp:8080", "NO_PROXY", "a,b"));

    assertThat(proxy.host()).isEqualTo("proxy.corp");
    assertThat(proxy.noProxy()).containsExactly("a", "b");
    assertThat(ProxyConfig.fromEnvironment(Map.of())).isNull();
  }

  @Test
  void authorityComparisonForRedirects() {
    assertThat(RegistryHttp.sameAuthority(URI.create("https://r:443/a"), URI.create("https://R/b"))).isTrue();
    assertThat(RegistryHttp.sameAuthority(URI.create("https://r/a"), URI.create("https://s3.example/b"))).isFalse();
    assertThat(RegistryHttp.sameAuthority(URI.create("https://r:5000/a"), URI.create("https://r:5001/b"))).isFalse();
  }
}
