package com.astromkey.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Token choice of tenant-api.md §1: API = apiToken; PaaS = paasToken if present and non-empty, else apiToken. */
class TenantTokensTest {

  @Test
  void paasEndpointsUseThePaasTokenWhenPresent() {
    TenantTokens tokens = new TenantTokens("api-secret", "paas-secret");

    assertThat(tokens.tokenFor(TokenKind.PAAS)).isEqualTo("paas-secret");
    assertThat(tokens.effectiveKind(TokenKind.PAAS)).isEqualTo(TokenKind.PAAS);
    assertThat(tokens.tokenFor(TokenKind.API)).isEqualTo("api-secret");
  }

  @Test
  void paasEndpointsFallBackToTheApiTokenWhenThePaasTokenIsAbsentOrEmpty() {
    for (TenantTokens tokens : new TenantTokens[] {TenantTokens.apiOnly("api-secret"), new TenantTokens("api-secret", null),
        new TenantTokens("api-secret", "")}) {
      assertThat(tokens.hasPaasToken()).isFalse();
      assertThat(tokens.tokenFor(TokenKind.PAAS)).isEqualTo("api-secret");
      assertThat(tokens.effectiveKind(TokenKind.PAAS)).isEqualTo(TokenKind.API);
    }
  }

  @Test
  void toStringNeverShowsATokenValue() {
    assertThat(new TenantTokens("api-secret", "paas-secret").toString())
        .doesNotContain("api-secret").doesNotContain("paas-secret").contains("<redacted>");
    assertThat(TenantTokens.apiOnly("api-secret").toString()).contains("paasToken=<none>");
  }
}
