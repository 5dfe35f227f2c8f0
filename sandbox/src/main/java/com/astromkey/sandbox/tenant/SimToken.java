package com.astromkey.sandbox.tenant;

import java.util.List;

/**
 * A token the simulated tenant knows: an id for the request log, its kind ({@code api} or {@code paas}) and scopes.
 */
public record SimToken(String id, String kind, List<String> scopes) {
  public static final String INSTALLER_DOWNLOAD = "InstallerDownload";
  public static final String ACTIVE_GATE_TOKEN_CREATE = "activeGateTokenManagement.create";
  public static final List<String> ALL_SCOPES = List.of(INSTALLER_DOWNLOAD, ACTIVE_GATE_TOKEN_CREATE);

  public SimToken {
    scopes = List.copyOf(scopes);
  }

  public boolean has(String scope) {
    return scopes.contains(scope);
  }
}
