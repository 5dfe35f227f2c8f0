package com.astromkey.domain.dynakube.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.ResourceRequirements;

/** applicationMonitoring: code-module injection only, through the CSI driver when it is installed. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ApplicationMonitoringSpec implements AppInjection {
  @JsonPropertyDescription("Full code-modules version major.minor.patch.yyyyMMdd-HHmmss; no effect when codeModulesImage is set.")
  private String version;

  @JsonPropertyDescription("Code-modules image, e.g. registry.my-company.com/astromkey/astromkey-codemodules:1.301.0. When set, version is ignored.")
  private String codeModulesImage;

  @JsonPropertyDescription("Namespaces whose new pods are injected; empty selects every namespace that is not ignored.")
  private LabelSelector namespaceSelector;

  @JsonPropertyDescription("Resources of the injected init container.")
  private ResourceRequirements initResources;

  @Override public String getVersion() { return version; }
  public void setVersion(String version) { this.version = version; }
  @Override public String getCodeModulesImage() { return codeModulesImage; }
  public void setCodeModulesImage(String codeModulesImage) { this.codeModulesImage = codeModulesImage; }
  @Override public LabelSelector getNamespaceSelector() { return namespaceSelector; }
  public void setNamespaceSelector(LabelSelector namespaceSelector) { this.namespaceSelector = namespaceSelector; }
  @Override public ResourceRequirements getInitResources() { return initResources; }
  public void setInitResources(ResourceRequirements initResources) { this.initResources = initResources; }
}
