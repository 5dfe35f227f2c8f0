package com.astromkey.tenant;

import java.time.Instant;

/** An ActiveGate auth token created by #11; {@code toString} never shows the token. */
public record ActiveGateToken(String id, String token, Instant expirationDate) {

  @Override
  public String toString() {
    return "ActiveGateToken[id=" + id + ", token=" + TenantTokens.redact(token) + ", expirationDate=" + expirationDate + "]";
  }
}
