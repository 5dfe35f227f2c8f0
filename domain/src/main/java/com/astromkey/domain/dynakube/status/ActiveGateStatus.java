package com.astromkey.domain.dynakube.status;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/** Status of the ActiveGate StatefulSet. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ActiveGateStatus extends VersionStatus {
  @JsonPropertyDescription("Connection info of the ActiveGate.")
  private ConnectionInfoStatus connectionInfoStatus;

  @JsonPropertyDescription("Cluster IPs of the ActiveGate service.")
  private List<String> serviceIPs;

  public ConnectionInfoStatus getConnectionInfoStatus() { return connectionInfoStatus; }
  public void setConnectionInfoStatus(ConnectionInfoStatus connectionInfoStatus) { this.connectionInfoStatus = connectionInfoStatus; }
  public List<String> getServiceIPs() { return serviceIPs; }
  public void setServiceIPs(List<String> serviceIPs) { this.serviceIPs = serviceIPs; }
}
