package com.astromkey.domain.dynakube.status;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** One communication endpoint of the tenant. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CommunicationHost {
  @JsonPropertyDescription("http or https.")
  private String protocol;

  @JsonPropertyDescription("Host name.")
  private String host;

  @JsonPropertyDescription("Port.")
  private Integer port;

  public String getProtocol() { return protocol; }
  public void setProtocol(String protocol) { this.protocol = protocol; }
  public String getHost() { return host; }
  public void setHost(String host) { this.host = host; }
  public Integer getPort() { return port; }
  public void setPort(Integer port) { this.port = port; }
}
