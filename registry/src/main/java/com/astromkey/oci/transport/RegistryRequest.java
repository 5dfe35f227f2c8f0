package com.astromkey.oci.transport;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One HTTP request to a registry or token realm. {@code body} is a supplier so that a redirect or retry can send it again;
 * {@code repeatableBody=false} means the body is a one-shot stream and the request is never re-sent.
 */
public record RegistryRequest(
    String method, URI uri, Map<String, String> headers, Supplier<HttpRequest.BodyPublisher> body, boolean repeatableBody,
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

  public RegistryRequest withMethod(String other, Supplier<HttpRequest.BodyPublisher> otherBody) {
    return new RegistryRequest(other, uri, headers, otherBody, true, context);
  }

  @Override
  public String toString() {
    // headers hold Authorization: never print them
    return method + " " + uri;
  }
}
