package com.astromkey.domain.dynakube.status;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Map;

/** Status of the OneAgent DaemonSet. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class OneAgentStatus extends VersionStatus {
  @JsonPropertyDescription("OneAgent pods by node name.")
  private Map<String, OneAgentInstance> instances;

  @JsonPropertyDescription("When instances last changed.")
  private String lastInstanceStatusUpdate;

  @JsonPropertyDescription("Probe command for the OneAgent container.")
  private Healthcheck healthcheck;

  @JsonPropertyDescription("Connection info of the OneAgent.")
  private ConnectionInfoStatus connectionInfoStatus;

  public Map<String, OneAgentInstance> getInstances() { return instances; }
  public void setInstances(Map<String, OneAgentInstance> instances) { this.instances = instances; }
  public String getLastInstanceStatusUpdate() { return lastInstanceStatusUpdate; }
  public void setLastInstanceStatusUpdate(String lastInstanceStatusUpdate) { this.lastInstanceStatusUpdate = lastInstanceStatusUpdate; }
  public Healthcheck getHealthcheck() { return healthcheck; }
  public void setHealthcheck(Healthcheck healthcheck) { this.healthcheck = healthcheck; }
  public ConnectionInfoStatus getConnectionInfoStatus() { return connectionInfoStatus; }
  public void setConnectionInfoStatus(ConnectionInfoStatus connectionInfoStatus) { this.connectionInfoStatus = connectionInfoStatus; }
}
