package com.astromkey.sandbox.tenant;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The simulated tenant's settable state (tenant-api.md §5.1), with the defaults of the spec. Settable from Java and
 * as JSON through {@code PUT /__sim/state} (only the fields present change).
 */
public final class TenantSimState {
  public static final String DEFAULT_API_TOKEN = "sim-api-token";
  public static final String DEFAULT_PAAS_TOKEN = "sim-paas-token";

  private String tenantUUID = "abc12345";
  private Map<String, SimToken> tokens = new LinkedHashMap<>();
  private String agentTenantToken = "tt-agent-0001";
  private String gatewayTenantToken = "tt-ag-0001";
  /** Zone name → endpoints; the key "" is the default zone. */
  private Map<String, List<String>> agentEndpoints = new LinkedHashMap<>();
  private Set<String> noActiveGateZones = new LinkedHashSet<>();
  private String gatewayEndpoints;
  private String latestAgentVersion = "1.301.0.20240915-120000";
  private String latestPaasVersion = "1.301.0.20240915-120000";
  private String latestGatewayVersion = "1.301.2.20240916-080000";
  private List<String> availableVersions = new ArrayList<>(List.of("1.299.0.20240801-100000", "1.301.0.20240915-120000"));
  private long processModuleRevision = 7;
  private List<Map<String, String>> processModuleProperties = new ArrayList<>(List.of(
      property("general", "logDir", "../log"),
      property("general", "dataStorageDir", "../datastorage"),
      property("general", "libraryPath64", "\"../agent/lib64\""),
      property("agentType", "java", "on")));

  TenantSimState(String simHost) {
    tokens.put(DEFAULT_API_TOKEN, new SimToken("api", "api", SimToken.ALL_SCOPES));
    agentEndpoints.put("", List.of("https://" + simHost + "/communication"));
    gatewayEndpoints = "https://" + simHost + "/communication";
  }

  public static Map<String, String> property(String section, String key, String value) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("section", section);
    p.put("key", key);
    p.put("value", value);
    return p;
  }

  /** Adds (or replaces) a token, e.g. a PaaS token with InstallerDownload only. */
  public synchronized TenantSimState addToken(String secret, SimToken token) {
    tokens.put(secret, token);
    return this;
  }

  public synchronized TenantSimState removeToken(String secret) {
    tokens.remove(secret);
    return this;
  }

  public synchronized SimToken token(String secret) {
    return tokens.get(secret);
  }

  public synchronized TenantSimState agentEndpointsForZone(String zone, List<String> endpoints) {
    agentEndpoints.put(zone == null ? "" : zone, List.copyOf(endpoints));
    return this;
  }

  public synchronized List<String> agentEndpointsFor(String zone) {
    List<String> eps = agentEndpoints.get(zone == null ? "" : zone);
    return eps != null ? eps : agentEndpoints.getOrDefault("", List.of());
  }

  public synchronized String getTenantUUID() { return tenantUUID; }
  public synchronized void setTenantUUID(String v) { tenantUUID = v; }
  public synchronized Map<String, SimToken> getTokens() { return new LinkedHashMap<>(tokens); }
  public synchronized void setTokens(Map<String, SimToken> v) { tokens = new LinkedHashMap<>(v); }
  public synchronized String getAgentTenantToken() { return agentTenantToken; }
  public synchronized void setAgentTenantToken(String v) { agentTenantToken = v; }
  public synchronized String getGatewayTenantToken() { return gatewayTenantToken; }
  public synchronized void setGatewayTenantToken(String v) { gatewayTenantToken = v; }
  public synchronized Map<String, List<String>> getAgentEndpoints() { return new LinkedHashMap<>(agentEndpoints); }
  public synchronized void setAgentEndpoints(Map<String, List<String>> v) { agentEndpoints = new LinkedHashMap<>(v); }
  public synchronized Set<String> getNoActiveGateZones() { return new LinkedHashSet<>(noActiveGateZones); }
  public synchronized void setNoActiveGateZones(Set<String> v) { noActiveGateZones = new LinkedHashSet<>(v); }
  public synchronized String getGatewayEndpoints() { return gatewayEndpoints; }
  public synchronized void setGatewayEndpoints(String v) { gatewayEndpoints = v; }
  public synchronized String getLatestAgentVersion() { return latestAgentVersion; }
  public synchronized void setLatestAgentVersion(String v) { latestAgentVersion = v; }
  public synchronized String getLatestPaasVersion() { return latestPaasVersion; }
  public synchronized void setLatestPaasVersion(String v) { latestPaasVersion = v; }
  public synchronized String getLatestGatewayVersion() { return latestGatewayVersion; }
  public synchronized void setLatestGatewayVersion(String v) { latestGatewayVersion = v; }
  public synchronized List<String> getAvailableVersions() { return new ArrayList<>(availableVersions); }
  public synchronized void setAvailableVersions(List<String> v) { availableVersions = new ArrayList<>(v); }
  public synchronized long getProcessModuleRevision() { return processModuleRevision; }
  public synchronized void setProcessModuleRevision(long v) { processModuleRevision = v; }
  public synchronized List<Map<String, String>> getProcessModuleProperties() { return new ArrayList<>(processModuleProperties); }
  public synchronized void setProcessModuleProperties(List<Map<String, String>> v) { processModuleProperties = new ArrayList<>(v); }
}
