package com.astromkey.sandbox.tenant;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Set;

/**
 * The tenant registry on the simulator's {@code /v2/}: Basic {@code <tenantUUID>:<known token>} required, then
 * forwarded to a real registry (README §7, tenant-api.md §5.2).
 */
final class RegistryFront {
  private static final Set<String> REQUEST_HEADERS = Set.of("Accept", "Content-Type", "Range");
  private static final List<String> RESPONSE_HEADERS = List.of("Content-Type", "Docker-Content-Digest",
      "Docker-Distribution-Api-Version", "Location", "Range", "Docker-Upload-Uuid", "ETag");

  private final TenantSimState state;
  private volatile URI upstream;
  private volatile HttpClient client;
  private volatile String upstreamAuthorization;

  RegistryFront(TenantSimState state) {
    this.state = state;
  }

  void forwardTo(URI upstream, HttpClient client, String upstreamAuthorization) {
    this.client = client;
    this.upstreamAuthorization = upstreamAuthorization;
    this.upstream = upstream;
  }

  void handle(HttpExchange ex) throws IOException, InterruptedException {
    if (!authorized(ex.getRequestHeaders().getFirst("Authorization"))) {
      ex.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"tenant-registry\"");
      ex.getResponseHeaders().set("Content-Type", "application/json");
      byte[] body = "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"authentication required\"}]}"
          .getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(401, body.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(body);
      }
      return;
    }
    URI target = upstream;
    if (target == null) {
      ex.sendResponseHeaders(503, -1);
      return;
    }
    String rawQuery = ex.getRequestURI().getRawQuery();
    URI uri = URI.create(target.toString().replaceAll("/$", "") + ex.getRequestURI().getRawPath()
        + (rawQuery == null ? "" : "?" + rawQuery));
    byte[] body = ex.getRequestBody().readAllBytes();
    HttpRequest.Builder b = HttpRequest.newBuilder(uri)
        .method(ex.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
    for (String h : REQUEST_HEADERS) {
      List<String> values = ex.getRequestHeaders().get(h);
      if (values != null) {
        values.forEach(v -> b.header(h, v));
      }
    }
    if (upstreamAuthorization != null) {
      b.header("Authorization", upstreamAuthorization);
    }
    HttpResponse<InputStream> response = client.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
    for (String h : RESPONSE_HEADERS) {
      response.headers().firstValue(h).ifPresent(v -> ex.getResponseHeaders().set(h, rewriteLocation(h, v, target)));
    }
    // absent Content-Length: the upstream streams chunked, and so do we (0 = chunked for the JDK server)
    long length = response.headers().firstValueAsLong("Content-Length").orElse(-1);
    boolean head = ex.getRequestMethod().equals("HEAD");
    if (head && length >= 0) {
      ex.getResponseHeaders().set("Content-Length", Long.toString(length));
    }
    ex.sendResponseHeaders(response.statusCode(), head || length == 0 ? -1 : length < 0 ? 0 : length);
    try (InputStream in = response.body(); OutputStream out = ex.getResponseBody()) {
      if (!head) {
        in.transferTo(out);
      }
    }
  }

  private boolean authorized(String header) {
    if (header == null || !header.startsWith("Basic ")) {
      return false;
    }
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(header.substring(6).strip()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return false;
    }
    int colon = decoded.indexOf(':');
    return colon > 0 && decoded.substring(0, colon).equals(state.getTenantUUID())
        && state.token(decoded.substring(colon + 1)) != null;
  }

  /** Upload and redirect locations point at the upstream; clients must keep talking to the simulator. */
  private static String rewriteLocation(String header, String value, URI target) {
    if (!header.equals("Location")) {
      return value;
    }
    String prefix = target.toString().replaceAll("/$", "");
    return value.startsWith(prefix) ? value.substring(prefix.length()) : value;
  }
}
