package com.astromkey.domain.dynakube;

import com.astromkey.domain.dynakube.spec.ActiveGateSpec;
import com.astromkey.domain.dynakube.spec.OneAgentSpec;
import com.astromkey.domain.dynakube.spec.ValueSource;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.crd.generator.annotation.PreserveUnknownFields;
import io.fabric8.crd.generator.annotation.PrinterColumn;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** The desired state of a DynaKube (api-dynakube-v1beta5.md §2); defaults are applied by the code that reads it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DynaKubeSpec {
  @Required
  @Size(max = 128)
  @PrinterColumn(name = "ApiUrl")
  @JsonPropertyDescription("Tenant API base URL ending in /api, e.g. https://abc12345.live.astromkey.com/api; its host is the tenant registry host.")
  private String apiUrl;

  @JsonPropertyDescription("Name of the Secret in the DynaKube namespace with the keys apiToken (required), paasToken and dataIngestToken; defaults to the DynaKube name.")
  private String tokens;

  @JsonPropertyDescription("Name of a kubernetes.io/dockerconfigjson Secret in the DynaKube namespace, attached to the workloads the operator creates and used by the CSI driver to pull codeModulesImage.")
  private String customPullSecret;

  @JsonPropertyDescription("Name of a ConfigMap in the DynaKube namespace whose key 'certs' holds PEM certificates trusted for tenant and registry traffic and by the agents.")
  private String trustedCAs;

  @JsonPropertyDescription("Proxy URL http://[user:password@]host:port for tenant, registry, OneAgent and ActiveGate traffic (not for kubelet pulls).")
  private ValueSource proxy;

  @JsonPropertyDescription("Network zone name sent to the tenant and to all agents.")
  private String networkZone;

  @JsonPropertyDescription("Disables TLS certificate and host-name checks for tenant and registry traffic of the operator and the CSI driver. Prefer trustedCAs.")
  private Boolean skipCertCheck;

  @Min(0)
  @Max(65535)
  @JsonPropertyDescription("Minimum interval in minutes between repeated tenant look-ups of versions, connection info and token scopes; default 15, 0 looks up on every reconcile.")
  private Integer astromkeyApiRequestThreshold;

  @JsonPropertyDescription("OneAgent deployment; at most one of its modes may be set.")
  private OneAgentSpec oneAgent;

  @JsonPropertyDescription("ActiveGate deployment; enabled when capabilities is not empty.")
  private ActiveGateSpec activeGate;

  @JsonPropertyDescription("Not supported by this operator version: stored, without effect.")
  private Boolean enableIstio;

  @PreserveUnknownFields
  @JsonPropertyDescription("Not supported by this operator version: stored, without effect.")
  private JsonNode metadataEnrichment;

  @PreserveUnknownFields
  @JsonPropertyDescription("Not supported by this operator version: stored, without effect.")
  private JsonNode logMonitoring;

  @PreserveUnknownFields
  @JsonPropertyDescription("Not supported by this operator version: stored, without effect.")
  private JsonNode kspm;

  @PreserveUnknownFields
  @JsonPropertyDescription("Not supported by this operator version: stored, without effect.")
  private JsonNode extensions;

  @PreserveUnknownFields
  @JsonPropertyDescription("Not supported by this operator version: stored, without effect.")
  private JsonNode telemetryIngest;

  @PreserveUnknownFields
  @JsonPropertyDescription("Not supported by this operator version: stored, without effect.")
  private JsonNode templates;

  public String getApiUrl() { return apiUrl; }
  public void setApiUrl(String apiUrl) { this.apiUrl = apiUrl; }
  public String getTokens() { return tokens; }
  public void setTokens(String tokens) { this.tokens = tokens; }
  public String getCustomPullSecret() { return customPullSecret; }
  public void setCustomPullSecret(String customPullSecret) { this.customPullSecret = customPullSecret; }
  public String getTrustedCAs() { return trustedCAs; }
  public void setTrustedCAs(String trustedCAs) { this.trustedCAs = trustedCAs; }
  public ValueSource getProxy() { return proxy; }
  public void setProxy(ValueSource proxy) { this.proxy = proxy; }
  public String getNetworkZone() { return networkZone; }
  public void setNetworkZone(String networkZone) { this.networkZone = networkZone; }
  public Boolean getSkipCertCheck() { return skipCertCheck; }
  public void setSkipCertCheck(Boolean skipCertCheck) { this.skipCertCheck = skipCertCheck; }
  public Integer getAstromkeyApiRequestThreshold() { return astromkeyApiRequestThreshold; }
  public void setAstromkeyApiRequestThreshold(Integer v) { this.astromkeyApiRequestThreshold = v; }
  public OneAgentSpec getOneAgent() { return oneAgent; }
  public void setOneAgent(OneAgentSpec oneAgent) { this.oneAgent = oneAgent; }
  public ActiveGateSpec getActiveGate() { return activeGate; }
  public void setActiveGate(ActiveGateSpec activeGate) { this.activeGate = activeGate; }
  public Boolean getEnableIstio() { return enableIstio; }
  public void setEnableIstio(Boolean enableIstio) { this.enableIstio = enableIstio; }
  public JsonNode getMetadataEnrichment() { return metadataEnrichment; }
  public void setMetadataEnrichment(JsonNode v) { this.metadataEnrichment = v; }
  public JsonNode getLogMonitoring() { return logMonitoring; }
  public void setLogMonitoring(JsonNode v) { this.logMonitoring = v; }
  public JsonNode getKspm() { return kspm; }
  public void setKspm(JsonNode v) { this.kspm = v; }
  public JsonNode getExtensions() { return extensions; }
  public void setExtensions(JsonNode v) { this.extensions = v; }
  public JsonNode getTelemetryIngest() { return telemetryIngest; }
  public void setTelemetryIngest(JsonNode v) { this.telemetryIngest = v; }
  public JsonNode getTemplates() { return templates; }
  public void setTemplates(JsonNode v) { this.templates = v; }

  /** Effective tokens Secret name: {@code tokens}, or the DynaKube name when unset. */
  public String tokensOr(String dynaKubeName) {
    return tokens == null || tokens.isEmpty() ? dynaKubeName : tokens;
  }

  /** Effective request threshold in minutes (default 15). */
  public int requestThresholdMinutes() {
    return astromkeyApiRequestThreshold == null ? 15 : astromkeyApiRequestThreshold;
  }

  public boolean skipsCertCheck() {
    return Boolean.TRUE.equals(skipCertCheck);
  }

  public boolean activeGateEnabled() {
    return activeGate != null && activeGate.getCapabilities() != null && !activeGate.getCapabilities().isEmpty();
  }
}
