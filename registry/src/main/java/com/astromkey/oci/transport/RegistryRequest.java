package com.astromkey.oci.transport;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One HTTP request to a registry or token realm. {@code body} is written again by a redirect or retry;
 * {@code repeatableBody=false} means the body is a one-shot stream and the request is never re-sent.
 */
public record RegistryRequest(
    String method, URI uri, Map<String, String> headers, RequestBody body, boolean repeatableBody,
    String context) {

  public RegistryRequest {
    headers = Map.copyOf(headers);
  }

  public static RegistryRequest get(URI uri, String context) {
    return new RegistryRequest("GET", uri, Map.of(), null, true, context);
  }

  public RegistryRequest withHeader(String name, String value) {
    Map<String, String> copy = new LinkedHashMap<>(headers);
    if (value == null) {
      copy.remove(name);
    } else {
      copy.put(name, value);
    }
    return new RegistryRequest(method, uri, copy, body, repeatableBody, context);
  }

  public RegistryRequest withUri(URI other) {
    return new RegistryRequest(method, other, headers, body, repeatableBody, context);
  }

  public RegistryRequest withMethod(String other, RequestBody otherBody) {
    return new RegistryRequest(other, uri, headers, otherBody, true, context);
  }

  @Override
  public String toString() {
    // headers hold Authorization: never print them
    return method + " " + uri;
  }
}
