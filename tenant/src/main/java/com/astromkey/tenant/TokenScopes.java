package com.astromkey.tenant;

import java.util.Collection;
import java.util.List;

/** Scopes of a token as answered by the lookup (#1). */
public record TokenScopes(List<String> scopes) {
  public static final String INSTALLER_DOWNLOAD = "InstallerDownload";
  public static final String ACTIVE_GATE_TOKEN_CREATE = "activeGateTokenManagement.create";

  public TokenScopes {
    scopes = List.copyOf(scopes);
  }

  /** The required scopes the token lacks, in the order given. */
  public List<String> missing(Collection<String> required) {
    return required.stream().filter(s -> !scopes.contains(s)).toList();
  }
}
