package com.astromkey.domain.dynakube.status;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/** What the tenant told us about how agents connect to it; the token itself is never stored. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ConnectionInfoStatus {
  @JsonPropertyDescription("Tenant UUID.")
  private String tenantUUID;

  @JsonPropertyDescription("Deduplicated, semicolon-joined communication endpoints.")
  private String endpoints;

  @JsonPropertyDescription("Hash of the tenant token, to notice a change without storing it.")
  private String tenantTokenHash;

  @JsonPropertyDescription("When the connection info was last requested.")
  private String lastRequest;

  @JsonPropertyDescription("Parsed communication endpoints.")
  private List<CommunicationHost> communicationHosts;

  public String getTenantUUID() { return tenantUUID; }
  public void setTenantUUID(String tenantUUID) { this.tenantUUID = tenantUUID; }
  public String getEndpoints() { return endpoints; }
  public void setEndpoints(String endpoints) { this.endpoints = endpoints; }
  public String getTenantTokenHash() { return tenantTokenHash; }
  public void setTenantTokenHash(String tenantTokenHash) { this.tenantTokenHash = tenantTokenHash; }
  public String getLastRequest() { return lastRequest; }
  public void setLastRequest(String lastRequest) { this.lastRequest = lastRequest; }
  public List<CommunicationHost> getCommunicationHosts() { return communicationHosts; }
  public void setCommunicationHosts(List<CommunicationHost> communicationHosts) { this.communicationHosts = communicationHosts; }
}
