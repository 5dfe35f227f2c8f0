package com.astromkey.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The scope table of tenant-api.md §3. */
class TokenRequirementsTest {

  @Test
  void apiTokenNeedsInstallerDownloadOnlyWithoutPaasToken() {
    assertThat(TokenRequirements.requiredScopes(TokenKind.API, false, false)).containsExactly("InstallerDownload");
    assertThat(TokenRequirements.requiredScopes(TokenKind.API, true, false)).isEmpty();
  }

  @Test
  void apiTokenNeedsActiveGateTokenCreationWhenTheActiveGateIsEnabled() {
    assertThat(TokenRequirements.requiredScopes(TokenKind.API, false, true))
        .containsExactly("InstallerDownload", "activeGateTokenManagement.create");
    assertThat(TokenRequirements.requiredScopes(TokenKind.API, true, true)).containsExactly("activeGateTokenManagement.create");
  }

  @Test
  void paasTokenNeedsInstallerDownloadWhenPresent() {
    assertThat(TokenRequirements.requiredScopes(TokenKind.PAAS, true, true)).containsExactly("InstallerDownload");
    assertThat(TokenRequirements.requiredScopes(TokenKind.PAAS, false, true)).isEmpty();
  }
}
