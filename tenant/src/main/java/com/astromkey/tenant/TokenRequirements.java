package com.astromkey.tenant;

import java.util.ArrayList;
import java.util.List;

/** Which scopes each token needs (tenant-api.md §3), given whether a PaaS token exists and the ActiveGate is enabled. */
public final class TokenRequirements {
  private TokenRequirements() {}

  /** Required scopes of {@code kind}, in the order of §3; empty for a PaaS token that is not present. */
  public static List<String> requiredScopes(TokenKind kind, boolean hasPaasToken, boolean activeGateEnabled) {
    List<String> scopes = new ArrayList<>();
    if (kind == TokenKind.API) {
      if (!hasPaasToken) {
        scopes.add(TokenScopes.INSTALLER_DOWNLOAD);
      }
      if (activeGateEnabled) {
        scopes.add(TokenScopes.ACTIVE_GATE_TOKEN_CREATE);
      }
    } else if (hasPaasToken) {
      scopes.add(TokenScopes.INSTALLER_DOWNLOAD);
    }
    return List.copyOf(scopes);
  }
}
