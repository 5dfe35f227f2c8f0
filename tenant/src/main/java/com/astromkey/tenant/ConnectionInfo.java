package com.astromkey.tenant;

import java.util.List;

/**
 * Agent (#2) or ActiveGate (#3) connection info.
 *
 * @param endpoints deduplicated, {@code ;}-joined communication endpoints in first-seen order
 * @param communicationHosts the parsable endpoints
 */
public record ConnectionInfo(String tenantUUID, String tenantToken, String endpoints,
    List<CommunicationEndpoint> communicationHosts) {

  public static final ConnectionInfo EMPTY = new ConnectionInfo("", "", "", List.of());

  public ConnectionInfo {
    tenantUUID = tenantUUID == null ? "" : tenantUUID;
    tenantToken = tenantToken == null ? "" : tenantToken;
    endpoints = endpoints == null ? "" : endpoints;
    communicationHosts = communicationHosts == null ? List.of() : List.copyOf(communicationHosts);
  }

  /** "Empty" per tenant-api.md §2: not cached; the caller postpones. */
  public boolean isEmpty() {
    return tenantUUID.isEmpty() || tenantToken.isEmpty() || endpoints.isEmpty();
  }

  @Override
  public String toString() {
    return "ConnectionInfo[tenantUUID=" + tenantUUID + ", tenantToken=" + TenantTokens.redact(tenantToken)
        + ", endpoints=" + endpoints + "]";
  }
}
