package com.astromkey.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.astromkey.sandbox.tenant.SimConnectProxy;
import com.astromkey.sandbox.tenant.SimConnectProxy.ConnectRequest;
import com.astromkey.sandbox.tenant.TenantSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** HTTPS to the tenant through a CONNECT proxy, with Basic proxy credentials, and the no-proxy list. */
class TenantClientProxyIT {
  private TenantSimulator sim;

  @BeforeAll
  static void basicOnConnect() {
    // failsafe sets it on the command line (tenant/pom.xml); this keeps the test right when run from an IDE, as long as
    // no JDK HTTP client was created earlier in the JVM
    System.setProperty("jdk.http.auth.tunneling.disabledSchemes", "");
  }

  @BeforeEach
  void start() {
    sim = TenantSimulator.startHttps();
  }

  @AfterEach
  void stop() {
    sim.close();
  }

  private TenantClient client(ProxyConfig proxy, NoProxy noProxy) {
    return new TenantClient(SimClients.config(sim).proxy(proxy).noProxy(noProxy).build());
  }

  @Test
  void basicCredentialsReachTheProxyOnConnect() {
    try (SimConnectProxy proxy = SimConnectProxy.withBasicAuth("proxy-user", "pr0xy:secret");
        TenantClient client = client(
            ProxyConfig.parse("http://proxy-user:pr0xy%3Asecret@127.0.0.1:" + proxy.port()), NoProxy.none())) {
      assertThat(client.latestAgentVersion()).isEqualTo("1.301.0.20240915-120000");

      assertThat(proxy.requests()).last().isEqualTo(new ConnectRequest("127.0.0.1:" + sim.port(), "proxy-user", 200));
      assertThat(sim.requests()).hasSize(1);
      // the proxy credentials end at the proxy: the tunnelled request carries the token only
      assertThat(sim.requests().get(0).headerNames()).contains("authorization").doesNotContain("proxy-authorization");
    }
  }

  @Test
  void wrongProxyCredentialsFail() {
    try (SimConnectProxy proxy = SimConnectProxy.withBasicAuth("proxy-user", "right");
        TenantClient client = client(ProxyConfig.parse("http://proxy-user:wrong@127.0.0.1:" + proxy.port()), NoProxy.none())) {
      TenantApiException e = catchThrowableOfType(TenantApiException.class, client::latestAgentVersion);

      assertThat(e.kind()).isEqualTo(TenantErrorKind.REQUEST_REJECTED);
      assertThat(e.statusCode()).isEqualTo(407);
      assertThat(e.getMessage()).contains("proxy rejected or did not receive the proxy credentials").doesNotContain("wrong");
      assertThat(proxy.requests()).extracting(ConnectRequest::status).containsOnly(407);
      assertThat(sim.requests()).isEmpty();
    }
  }

  @Test
  void aProxyWithoutCredentials() {
    try (SimConnectProxy proxy = SimConnectProxy.open();
        TenantClient client = client(ProxyConfig.parse("http://127.0.0.1:" + proxy.port()), NoProxy.none())) {
      client.agentConnectionInfo();

      assertThat(proxy.requests()).containsExactly(new ConnectRequest("127.0.0.1:" + sim.port(), "", 200));
    }
  }

  @Test
  void hostsOnTheNoProxyListGoDirect() {
    try (SimConnectProxy proxy = SimConnectProxy.withBasicAuth("u", "p");
        TenantClient client = client(ProxyConfig.parse("http://u:p@127.0.0.1:" + proxy.port()),
            NoProxy.parse("registry.example, 127.0.0.1"))) {
      client.latestAgentVersion();

      assertThat(proxy.requests()).isEmpty();
      assertThat(sim.requests()).hasSize(1);
      assertThat(sim.requests().get(0).headerNames()).doesNotContain("proxy-authorization");
    }
  }
}
