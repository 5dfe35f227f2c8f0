package com.astromkey.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Proxy;
import java.net.URI;
import org.junit.jupiter.api.Test;

/** The no-proxy list: exact host, .suffix, *, and the proxy selector built on it. */
class NoProxyTest {

  @Test
  void exactHostsMatchCaseInsensitively() {
    NoProxy np = NoProxy.parse("tenant.example.com, 10.0.0.7");

    assertThat(np.matches("TENANT.example.com")).isTrue();
    assertThat(np.matches("10.0.0.7")).isTrue();
    assertThat(np.matches("other.example.com")).isFalse();
    assertThat(np.matches("sub.tenant.example.com")).isFalse();
  }

  @Test
  void aDotSuffixMatchesTheDomainAndItsSubdomains() {
    NoProxy np = NoProxy.parse(".example.com");

    assertThat(np.matches("a.example.com")).isTrue();
    assertThat(np.matches("a.b.example.com")).isTrue();
    assertThat(np.matches("example.com")).isTrue();
    assertThat(np.matches("badexample.com")).isFalse();
  }

  @Test
  void aStarMatchesEverything() {
    assertThat(NoProxy.parse("*").matches("anything.example")).isTrue();
  }

  @Test
  void blanksAndBracketedIpv6AreHandled() {
    NoProxy np = NoProxy.parse(" , [::1] ,,");

    assertThat(np.entries()).containsExactly("::1");
    assertThat(np.matches("[::1]")).isTrue();
    assertThat(np.matches(null)).isFalse();
    assertThat(NoProxy.parse(null).entries()).isEmpty();
  }

  @Test
  void theSelectorGoesDirectForListedHostsOnly() {
    TenantHttp.NoProxySelector selector = new TenantHttp.NoProxySelector(ProxyConfig.parse("http://proxy.local:3128"),
        NoProxy.parse(".internal"));

    assertThat(selector.select(URI.create("https://tenant.internal/api"))).containsExactly(Proxy.NO_PROXY);
    Proxy viaProxy = selector.select(URI.create("https://tenant.example/api")).get(0);
    assertThat(viaProxy.type()).isEqualTo(Proxy.Type.HTTP);
    assertThat(viaProxy.address().toString()).contains("proxy.local").contains("3128");
  }
}
