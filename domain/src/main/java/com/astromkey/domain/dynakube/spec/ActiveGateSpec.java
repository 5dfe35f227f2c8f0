package com.astromkey.domain.dynakube.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimSpec;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import java.util.List;
import java.util.Map;

/** spec.activeGate: the ActiveGate StatefulSet, enabled by a non-empty capability list. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ActiveGateSpec {
  @JsonPropertyDescription("Capabilities, a subset of routing, kubernetes-monitoring, metrics-ingest, astromkey-api, debugging; non-empty enables the ActiveGate.")
  private List<String> capabilities;

  @JsonPropertyDescription("ActiveGate image reference, e.g. registry.my-company.com/astromkey/astromkey-activegate:1.301.0.")
  private String image;

  @JsonPropertyDescription("Number of ActiveGate replicas; default 1.")
  private Integer replicas;

  @JsonPropertyDescription("ActiveGate group.")
  private String group;

  @JsonPropertyDescription("Not supported by this operator version: stored, without effect.")
  private ValueSource customProperties;

  @JsonPropertyDescription("Resources of the ActiveGate container; set a memory limit.")
  private ResourceRequirements resources;

  @JsonPropertyDescription("Node selector of the ActiveGate pods.")
  private Map<String, String> nodeSelector;

  @JsonPropertyDescription("Labels added to the ActiveGate pods.")
  private Map<String, String> labels;

  @JsonPropertyDescription("Annotations added to the ActiveGate pods.")
  private Map<String, String> annotations;

  @JsonPropertyDescription("Tolerations of the ActiveGate pods.")
  private List<Toleration> tolerations;

  @JsonPropertyDescription("Extra environment of the ActiveGate container.")
  private List<EnvVar> env;

  @JsonPropertyDescription("Pod spreading; default spreads over zones and hosts with maxSkew 1, ScheduleAnyway.")
  private List<TopologySpreadConstraint> topologySpreadConstraints;

  @JsonPropertyDescription("Not supported by this operator version: stored, without effect.")
  private String tlsSecretName;

  @JsonPropertyDescription("DNS policy of the ActiveGate pods.")
  private String dnsPolicy;

  @JsonPropertyDescription("Priority class of the ActiveGate pods.")
  private String priorityClassName;

  @JsonPropertyDescription("Termination grace period of the ActiveGate pods, in seconds.")
  private Long terminationGracePeriodSeconds;

  @JsonPropertyDescription("Not supported by this operator version: stored, without effect.")
  private PersistentVolumeClaimSpec volumeClaimTemplate;

  @JsonPropertyDescription("Not supported by this operator version: stored, without effect.")
  private Boolean useEphemeralVolume;

  public List<String> getCapabilities() { return capabilities; }
  public void setCapabilities(List<String> capabilities) { this.capabilities = capabilities; }
  public String getImage() { return image; }
  public void setImage(String image) { this.image = image; }
  public Integer getReplicas() { return replicas; }
  public void setReplicas(Integer replicas) { this.replicas = replicas; }
  public String getGroup() { return group; }
  public void setGroup(String group) { this.group = group; }
  public ValueSource getCustomProperties() { return customProperties; }
  public void setCustomProperties(ValueSource customProperties) { this.customProperties = customProperties; }
  public ResourceRequirements getResources() { return resources; }
  public void setResources(ResourceRequirements resources) { this.resources = resources; }
  public Map<String, String> getNodeSelector() { return nodeSelector; }
  public void setNodeSelector(Map<String, String> nodeSelector) { this.nodeSelector = nodeSelector; }
  public Map<String, String> getLabels() { return labels; }
  public void setLabels(Map<String, String> labels) { this.labels = labels; }
  public Map<String, String> getAnnotations() { return annotations; }
  public void setAnnotations(Map<String, String> annotations) { this.annotations = annotations; }
  public List<Toleration> getTolerations() { return tolerations; }
  public void setTolerations(List<Toleration> tolerations) { this.tolerations = tolerations; }
  public List<EnvVar> getEnv() { return env; }
  public void setEnv(List<EnvVar> env) { this.env = env; }
  public List<TopologySpreadConstraint> getTopologySpreadConstraints() { return topologySpreadConstraints; }
  public void setTopologySpreadConstraints(List<TopologySpreadConstraint> v) { this.topologySpreadConstraints = v; }
  public String getTlsSecretName() { return tlsSecretName; }
  public void setTlsSecretName(String tlsSecretName) { this.tlsSecretName = tlsSecretName; }
  public String getDnsPolicy() { return dnsPolicy; }
  public void setDnsPolicy(String dnsPolicy) { this.dnsPolicy = dnsPolicy; }
  public String getPriorityClassName() { return priorityClassName; }
  public void setPriorityClassName(String priorityClassName) { this.priorityClassName = priorityClassName; }
  public Long getTerminationGracePeriodSeconds() { return terminationGracePeriodSeconds; }
  public void setTerminationGracePeriodSeconds(Long v) { this.terminationGracePeriodSeconds = v; }
  public PersistentVolumeClaimSpec getVolumeClaimTemplate() { return volumeClaimTemplate; }
  public void setVolumeClaimTemplate(PersistentVolumeClaimSpec v) { this.volumeClaimTemplate = v; }
  public Boolean getUseEphemeralVolume() { return useEphemeralVolume; }
  public void setUseEphemeralVolume(Boolean useEphemeralVolume) { this.useEphemeralVolume = useEphemeralVolume; }
}
