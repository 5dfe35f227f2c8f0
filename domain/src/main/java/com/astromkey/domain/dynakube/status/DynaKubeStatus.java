package com.astromkey.domain.dynakube.status;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;

/** Observed state of a DynaKube, written by the operator only. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DynaKubeStatus {
  @io.fabric8.crd.generator.annotation.PrinterColumn(name = "Status")
  @JsonPropertyDescription("Running, Deploying or Error.")
  private String phase;

  @JsonPropertyDescription("metadata.generation of the spec this status describes.")
  private Long observedGeneration;

  @JsonPropertyDescription("Last status change.")
  private String updatedTimestamp;

  @JsonPropertyDescription("UID of namespace kube-system, the cluster id.")
  private String kubeSystemUUID;

  @JsonPropertyDescription("First 16 hex characters of the SHA-256 of the effective proxy URL.")
  private String proxyURLHash;

  @JsonPropertyDescription("Tenant API bookkeeping.")
  private AstromkeyApiStatus astromkeyApi;

  @JsonPropertyDescription("OneAgent status.")
  private OneAgentStatus oneAgent;

  @JsonPropertyDescription("ActiveGate status.")
  private ActiveGateStatus activeGate;

  @JsonPropertyDescription("Code modules status.")
  private CodeModulesStatus codeModules;

  @JsonPropertyDescription("Conditions; types and reasons in the operator documentation.")
  private List<Condition> conditions;

  public String getPhase() { return phase; }
  public void setPhase(String phase) { this.phase = phase; }
  public Long getObservedGeneration() { return observedGeneration; }
  public void setObservedGeneration(Long observedGeneration) { this.observedGeneration = observedGeneration; }
  public String getUpdatedTimestamp() { return updatedTimestamp; }
  public void setUpdatedTimestamp(String updatedTimestamp) { this.updatedTimestamp = updatedTimestamp; }
  public String getKubeSystemUUID() { return kubeSystemUUID; }
  public void setKubeSystemUUID(String kubeSystemUUID) { this.kubeSystemUUID = kubeSystemUUID; }
  public String getProxyURLHash() { return proxyURLHash; }
  public void setProxyURLHash(String proxyURLHash) { this.proxyURLHash = proxyURLHash; }
  public AstromkeyApiStatus getAstromkeyApi() { return astromkeyApi; }
  public void setAstromkeyApi(AstromkeyApiStatus astromkeyApi) { this.astromkeyApi = astromkeyApi; }
  public OneAgentStatus getOneAgent() { return oneAgent; }
  public void setOneAgent(OneAgentStatus oneAgent) { this.oneAgent = oneAgent; }
  public ActiveGateStatus getActiveGate() { return activeGate; }
  public void setActiveGate(ActiveGateStatus activeGate) { this.activeGate = activeGate; }
  public CodeModulesStatus getCodeModules() { return codeModules; }
  public void setCodeModules(CodeModulesStatus codeModules) { this.codeModules = codeModules; }
  public List<Condition> getConditions() { return conditions; }
  public void setConditions(List<Condition> conditions) { this.conditions = conditions; }
}
