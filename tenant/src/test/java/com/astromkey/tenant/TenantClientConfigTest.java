package com.astromkey.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.astromkey.sandbox.tenant.SimCertificates;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Validation and defaults of {@link TenantClientConfig}. */
class TenantClientConfigTest {
  private static final TenantTokens TOKENS = TenantTokens.apiOnly("api-secret");

  @Test
  void defaultsFollowTheSpec() {
    TenantClientConfig c = TenantClientConfig.builder("https://abc12345.live.astromkey.com/api/", TOKENS).build();

    assertThat(c.apiUrl().toString()).isEqualTo("https://abc12345.live.astromkey.com/api");
    assertThat(c.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(c.readTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.requestThreshold()).isEqualTo(Duration.ofMinutes(15));
    assertThat(c.networkZone()).isEmpty();
    assertThat(c.proxy()).isNull();
    assertThat(c.userAgent()).isEqualTo("astromkey-operator/dev (operator)");
  }

  @Test
  void theComponentNamesTheUserAgentAndSetsTheReadTimeout() {
    TenantClientConfig csi = TenantClientConfig.builder("https://t.example/api", TOKENS)
        .component(Component.CSI_PROVISIONER).operatorVersion("1.4.0").build();
    TenantClientConfig bootstrap = TenantClientConfig.builder("https://t.example/api", TOKENS)
        .component(Component.BOOTSTRAP).readTimeout(Duration.ofSeconds(7)).build();

    assertThat(csi.userAgent()).isEqualTo("astromkey-operator/1.4.0 (csi-provisioner)");
    assertThat(csi.readTimeout()).isEqualTo(Duration.ofMinutes(15));
    assertThat(Component.BOOTSTRAP.defaultReadTimeout()).isEqualTo(Duration.ofMinutes(5));
    assertThat(bootstrap.readTimeout()).isEqualTo(Duration.ofSeconds(7));
  }

  @Test
  void trailingSlashesAreRemoved() {
    assertThat(TenantClientConfig.builder("https://host.example/e/env1/api//", TOKENS).build().apiUrl().toString())
        .isEqualTo("https://host.example/e/env1/api");
  }

  @Test
  void invalidApiUrlsAreRejectedWithClearMessages() {
    assertThatThrownBy(() -> TenantClientConfig.builder("", TOKENS).build()).hasMessage("apiUrl must be set");
    assertThatThrownBy(() -> TenantClientConfig.builder("ftp://t.example/api", TOKENS).build())
        .hasMessage("apiUrl 'ftp://t.example/api' must start with https://");
    assertThatThrownBy(() -> TenantClientConfig.builder("https:///api", TOKENS).build()).hasMessageContaining("has no host");
    assertThatThrownBy(() -> TenantClientConfig.builder("https://t.example/api?x=1", TOKENS).build())
        .hasMessageContaining("must not have a query");
    assertThatThrownBy(() -> TenantClientConfig.builder("https://user:pw@t.example/api", TOKENS).build())
        .hasMessage("apiUrl must not contain user information");
  }

  @Test
  void anEmptyApiTokenIsRejected() {
    assertThatThrownBy(() -> TenantClientConfig.builder("https://t.example/api", TenantTokens.apiOnly(" ")).build())
        .hasMessage("apiToken must not be empty");
  }

  @Test
  void timeoutsMustBePositiveAndTheThresholdNotNegative() {
    assertThatThrownBy(() -> TenantClientConfig.builder("https://t.example/api", TOKENS).connectTimeout(Duration.ZERO).build())
        .hasMessage("connectTimeout must be a positive duration, got PT0S");
    assertThatThrownBy(() -> TenantClientConfig.builder("https://t.example/api", TOKENS).readTimeout(Duration.ofSeconds(-1)).build())
        .hasMessageStartingWith("readTimeout must be a positive duration");
    assertThatThrownBy(() -> TenantClientConfig.builder("https://t.example/api", TOKENS).requestThreshold(Duration.ofMinutes(-1)).build())
        .hasMessageStartingWith("requestThreshold must not be negative");
  }

  @Test
  void trustedCasMustBePemCertificates() {
    String pem = SimCertificates.generate("test-ca", List.of("127.0.0.1")).caPem();
    TenantClientConfig ok = TenantClientConfig.builder("https://t.example/api", TOKENS)
        .trustedCaPems(List.of(pem + pem, "")).build();

    assertThat(ok.trustedCertificates()).hasSize(2);
    assertThatThrownBy(() -> TenantClientConfig.builder("https://t.example/api", TOKENS).trustedCaPems(List.of("hello")).build())
        .hasMessage("trustedCAs entry 1 holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
    assertThatThrownBy(() -> TenantClientConfig.builder("https://t.example/api", TOKENS)
        .trustedCaPems(List.of(pem, "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n")).build())
        .hasMessageStartingWith("trustedCAs entry 2 is not a valid PEM certificate");
  }

  @Test
  void toStringRedactsTokensAndProxyPassword() {
    TenantClientConfig c = TenantClientConfig.builder("https://t.example/api", new TenantTokens("api-secret", "paas-secret"))
        .proxy(ProxyConfig.parse("http://u:proxy-secret@proxy:3128")).build();

    assertThat(c.toString()).doesNotContain("api-secret", "paas-secret", "proxy-secret").contains("https://t.example/api");
  }

  @Test
  void archFromCpuNames() {
    assertThat(Arch.fromCpu("amd64")).isEqualTo(Arch.X86);
    assertThat(Arch.fromCpu("aarch64")).isEqualTo(Arch.ARM);
    assertThatThrownBy(() -> Arch.fromCpu("s390x")).hasMessageContaining("s390x");
  }
}
