package com.astromkey.tenant;

import java.util.Objects;

/** The tokens of one DynaKube's tokens Secret; chooses the token per endpoint and never prints them. */
public record TenantTokens(String apiToken, String paasToken) {

  public TenantTokens {
    Objects.requireNonNull(apiToken, "apiToken");
    paasToken = paasToken == null ? "" : paasToken;
  }

  public static TenantTokens apiOnly(String apiToken) {
    return new TenantTokens(apiToken, "");
  }

  public boolean hasPaasToken() {
    return !paasToken.isEmpty();
  }

  /** PaaS endpoints fall back to the API token when no PaaS token is present (tenant-api.md §1). */
  public TokenKind effectiveKind(TokenKind requested) {
    return requested == TokenKind.PAAS && hasPaasToken() ? TokenKind.PAAS : TokenKind.API;
  }

  public String tokenFor(TokenKind requested) {
    return effectiveKind(requested) == TokenKind.PAAS ? paasToken : apiToken;
  }

  @Override
  public String toString() {
    return "TenantTokens[apiToken=" + redact(apiToken) + ", paasToken=" + redact(paasToken) + "]";
  }

  static String redact(String secret) {
    return secret == null || secret.isEmpty() ? "<none>" : "<redacted>";
  }
}
