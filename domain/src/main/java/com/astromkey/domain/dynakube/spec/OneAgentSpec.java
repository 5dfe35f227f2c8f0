package com.astromkey.domain.dynakube.spec;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** spec.oneAgent: at most one of the four modes, plus the host group. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class OneAgentSpec {
  @JsonPropertyDescription("Full-stack monitoring where the host agent injects into processes itself; no webhook injection, no CSI.")
  private HostInjectSpec classicFullStack;

  @JsonPropertyDescription("Read-only OneAgent DaemonSet plus webhook injection of code modules.")
  private CloudNativeFullStackSpec cloudNativeFullStack;

  @JsonPropertyDescription("Alias of cloudNativeFullStack (the spelling of the private-registry documentation page); rename it to cloudNativeFullStack.")
  private CloudNativeFullStackSpec cloudNativeFullstack;

  @JsonPropertyDescription("Webhook injection of code modules only; uses the CSI driver when it is installed.")
  private ApplicationMonitoringSpec applicationMonitoring;

  @JsonPropertyDescription("Read-only OneAgent DaemonSet without injection.")
  private HostInjectSpec hostMonitoring;

  @JsonPropertyDescription("Host group of all agents; wins over a --set-host-group argument.")
  private String hostGroup;

  public HostInjectSpec getClassicFullStack() { return classicFullStack; }
  public void setClassicFullStack(HostInjectSpec v) { this.classicFullStack = v; }
  public CloudNativeFullStackSpec getCloudNativeFullStack() { return cloudNativeFullStack; }
  public void setCloudNativeFullStack(CloudNativeFullStackSpec v) { this.cloudNativeFullStack = v; }
  public CloudNativeFullStackSpec getCloudNativeFullstack() { return cloudNativeFullstack; }
  public void setCloudNativeFullstack(CloudNativeFullStackSpec v) { this.cloudNativeFullstack = v; }
  public ApplicationMonitoringSpec getApplicationMonitoring() { return applicationMonitoring; }
  public void setApplicationMonitoring(ApplicationMonitoringSpec v) { this.applicationMonitoring = v; }
  public HostInjectSpec getHostMonitoring() { return hostMonitoring; }
  public void setHostMonitoring(HostInjectSpec v) { this.hostMonitoring = v; }
  public String getHostGroup() { return hostGroup; }
  public void setHostGroup(String hostGroup) { this.hostGroup = hostGroup; }

  /** The cloud-native settings under either spelling; the canonical one wins when both are set (that case is an error anyway). */
  @JsonIgnore
  public CloudNativeFullStackSpec cloudNative() {
    return cloudNativeFullStack != null ? cloudNativeFullStack : cloudNativeFullstack;
  }

  /** Every configured mode; the alias counts as cloudNativeFullStack, once. */
  @JsonIgnore
  public List<OneAgentMode> configuredModes() {
    List<OneAgentMode> modes = new ArrayList<>();
    if (classicFullStack != null) modes.add(OneAgentMode.CLASSIC_FULL_STACK);
    if (cloudNative() != null) modes.add(OneAgentMode.CLOUD_NATIVE_FULL_STACK);
    if (applicationMonitoring != null) modes.add(OneAgentMode.APPLICATION_MONITORING);
    if (hostMonitoring != null) modes.add(OneAgentMode.HOST_MONITORING);
    return modes;
  }

  /** The configured mode when there is exactly one. */
  @JsonIgnore
  public Optional<OneAgentMode> mode() {
    List<OneAgentMode> modes = configuredModes();
    return modes.size() == 1 ? Optional.of(modes.get(0)) : Optional.empty();
  }

  /** DaemonSet settings of a host mode, or null. */
  @JsonIgnore
  public HostInjectSpec hostSpec(OneAgentMode mode) {
    switch (mode) {
      case CLASSIC_FULL_STACK: return classicFullStack;
      case CLOUD_NATIVE_FULL_STACK: return cloudNative();
      case HOST_MONITORING: return hostMonitoring;
      default: return null;
    }
  }

  /** Injection settings of an injecting mode, or null. */
  @JsonIgnore
  public AppInjection appInjection(OneAgentMode mode) {
    switch (mode) {
      case CLOUD_NATIVE_FULL_STACK: return cloudNative();
      case APPLICATION_MONITORING: return applicationMonitoring;
      default: return null;
    }
  }
}
