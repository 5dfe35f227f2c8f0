package com.astromkey.domain.dynakube.status;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** One OneAgent pod on one node. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class OneAgentInstance {
  @JsonPropertyDescription("Name of the OneAgent pod.")
  private String podName;

  @JsonPropertyDescription("Pod IP address.")
  private String ipAddress;

  public String getPodName() { return podName; }
  public void setPodName(String podName) { this.podName = podName; }
  public String getIpAddress() { return ipAddress; }
  public void setIpAddress(String ipAddress) { this.ipAddress = ipAddress; }
}
