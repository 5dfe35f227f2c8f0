package com.astromkey.sandbox.registry;

import java.time.Instant;

/**
 * One request as the registry logged it. {@code user} is the authenticated account ({@code auth.user.name}; the token's
 * {@code sub} in token mode), null when anonymous, unauthenticated or for {@code /v2/} itself (the registry does not log it there).
 */
public record AccessLogEntry(Instant time, String requestId, String method, String uri, int status, String user) {

  /** The request path without the query string. */
  public String path() {
    int q = uri.indexOf('?');
    return q < 0 ? uri : uri.substring(0, q);
  }

  public boolean isManifest() {
    return path().contains("/manifests/");
  }

  public boolean isBlob() {
    return path().contains("/blobs/") && !path().contains("/blobs/uploads");
  }
}
