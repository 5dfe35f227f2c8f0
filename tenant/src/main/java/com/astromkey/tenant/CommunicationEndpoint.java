package com.astromkey.tenant;

import com.astromkey.domain.dynakube.status.CommunicationHost;

/** One parsed communication endpoint {protocol, host, port} for {@code communicationHosts}. */
public record CommunicationEndpoint(String protocol, String host, int port) {

  public CommunicationHost toStatus() {
    CommunicationHost h = new CommunicationHost();
    h.setProtocol(protocol);
    h.setHost(host);
    h.setPort(port);
    return h;
  }
}
