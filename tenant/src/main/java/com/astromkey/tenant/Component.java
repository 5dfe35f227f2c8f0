package com.astromkey.tenant;

import java.time.Duration;

/** The program that uses the client: named in the User-Agent, and it decides the default read timeout. */
public enum Component {
  OPERATOR("operator", Duration.ofSeconds(30)),
  // zips of several hundred MiB over slow links: the provisioner and bootstrap wait longer per read
  CSI_PROVISIONER("csi-provisioner", Duration.ofMinutes(15)),
  BOOTSTRAP("bootstrap", Duration.ofMinutes(5)),
  TROUBLESHOOT("troubleshoot", Duration.ofSeconds(30));

  private final String userAgentName;
  private final Duration defaultReadTimeout;

  Component(String userAgentName, Duration defaultReadTimeout) {
    this.userAgentName = userAgentName;
    this.defaultReadTimeout = defaultReadTimeout;
  }

  public String userAgentName() {
    return userAgentName;
  }

  public Duration defaultReadTimeout() {
    return defaultReadTimeout;
  }
}
