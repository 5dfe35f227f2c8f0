package com.astromkey.domain.dynakube.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.List;
import java.util.Map;

/** Settings of the OneAgent DaemonSet, shared by the host modes (classicFullStack, cloudNativeFullStack, hostMonitoring). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class HostInjectSpec {
  @JsonPropertyDescription("OneAgent image reference, e.g. registry.my-company.com/astromkey/astromkey-oneagent:1.301.0. When set, version is ignored for the OneAgent.")
  private String image;

  @JsonPropertyDescription("Full OneAgent version major.minor.patch.yyyyMMdd-HHmmss; no effect for a component whose image is set.")
  private String version;

  @JsonPropertyDescription("Deprecated: accepted without effect.")
  private Boolean autoUpdate;

  @JsonPropertyDescription("Annotations added to the OneAgent pods.")
  private Map<String, String> annotations;

  @JsonPropertyDescription("Labels added to the OneAgent DaemonSet and its pods.")
  private Map<String, String> labels;

  @JsonPropertyDescription("Node selector of the OneAgent DaemonSet; DynaKubes with OneAgents must select disjoint nodes.")
  private Map<String, String> nodeSelector;

  @JsonPropertyDescription("Tolerations of the OneAgent pods.")
  private List<Toleration> tolerations;

  @JsonPropertyDescription("Priority class of the OneAgent pods.")
  private String priorityClassName;

  @JsonPropertyDescription("DNS policy of the OneAgent pods; default ClusterFirstWithHostNet.")
  private String dnsPolicy;

  @JsonPropertyDescription("Name of a Localhost seccomp profile for the OneAgent container.")
  private String secCompProfile;

  @JsonPropertyDescription("Host path for OneAgent storage when the CSI driver is not installed; default /var/opt/astromkey.")
  private String storageHostPath;

  @JsonPropertyDescription("Resources of the OneAgent container; a cpu request of 100m is used when none is given.")
  private ResourceRequirements oneAgentResources;

  @JsonPropertyDescription("Extra environment of the OneAgent container; wins over operator-set variables of the same name.")
  private List<EnvVar> env;

  @JsonPropertyDescription("Extra OneAgent installer arguments in the form --key=value.")
  private List<String> args;

  public String getImage() { return image; }
  public void setImage(String image) { this.image = image; }
  public String getVersion() { return version; }
  public void setVersion(String version) { this.version = version; }
  public Boolean getAutoUpdate() { return autoUpdate; }
  public void setAutoUpdate(Boolean autoUpdate) { this.autoUpdate = autoUpdate; }
  public Map<String, String> getAnnotations() { return annotations; }
  public void setAnnotations(Map<String, String> annotations) { this.annotations = annotations; }
  public Map<String, String> getLabels() { return labels; }
  public void setLabels(Map<String, String> labels) { this.labels = labels; }
  public Map<String, String> getNodeSelector() { return nodeSelector; }
  public void setNodeSelector(Map<String, String> nodeSelector) { this.nodeSelector = nodeSelector; }
  public List<Toleration> getTolerations() { return tolerations; }
  public void setTolerations(List<Toleration> tolerations) { this.tolerations = tolerations; }
  public String getPriorityClassName() { return priorityClassName; }
  public void setPriorityClassName(String priorityClassName) { this.priorityClassName = priorityClassName; }
  public String getDnsPolicy() { return dnsPolicy; }
  public void setDnsPolicy(String dnsPolicy) { this.dnsPolicy = dnsPolicy; }
  public String getSecCompProfile() { return secCompProfile; }
  public void setSecCompProfile(String secCompProfile) { this.secCompProfile = secCompProfile; }
  public String getStorageHostPath() { return storageHostPath; }
  public void setStorageHostPath(String storageHostPath) { this.storageHostPath = storageHostPath; }
  public ResourceRequirements getOneAgentResources() { return oneAgentResources; }
  public void setOneAgentResources(ResourceRequirements r) { this.oneAgentResources = r; }
  public List<EnvVar> getEnv() { return env; }
  public void setEnv(List<EnvVar> env) { this.env = env; }
  public List<String> getArgs() { return args; }
  public void setArgs(List<String> args) { this.args = args; }
}
