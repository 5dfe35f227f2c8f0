package com.astromkey.sandbox.tenant;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One request as the simulator saw it (tenant-api.md §5.4). The token appears only as its kind and id, never as the
 * secret.
 *
 * @param tokenKind {@code api}, {@code paas}, {@code unknown} or {@code none}
 * @param tokenId the id of the known token used, empty otherwise
 * @param fault the fault applied, or {@code null}
 * @param headerNames lower-case names of the request headers (values are not kept: they may be secrets)
 */
public record SimRequest(Instant time, String method, String path, Map<String, List<String>> query, String tokenKind,
    String tokenId, String userAgent, String accept, int status, String fault, List<String> headerNames) {

  /** The single value of a query parameter, or null. */
  public String queryValue(String name) {
    List<String> v = query.get(name);
    return v == null || v.isEmpty() ? null : v.get(0);
  }
}
