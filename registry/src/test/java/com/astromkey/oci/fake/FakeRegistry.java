package com.astromkey.oci.fake;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A hand-written plain-HTTP registry on 127.0.0.1 for protocol cases the real registry cannot stage on demand: scripted
 * faults, redirects to another host, Bearer tokens with short lifetimes. Records every request (never the secrets).
 */
public final class FakeRegistry implements AutoCloseable {

  /** How the fake authenticates clients. */
  public enum Auth { NONE, BASIC, BEARER }

  /** One recorded request: what the client sent, reduced to what tests assert on. */
  public record Seen(String method, String path, String query, boolean authorized, String authorizationScheme, String range) {
  }

  private final HttpServer server;
  private final HttpServer objectStore;
  private final Auth auth;
  private final String user;
  private final String password;
  private final Map<String, byte[]> blobs = new ConcurrentHashMap<>();
  private final Map<String, byte[]> manifests = new ConcurrentHashMap<>();
  private final Map<String, String> manifestTypes = new ConcurrentHashMap<>();
  private final Map<String, Deque<Function<HttpExchange, Boolean>>> faults = new ConcurrentHashMap<>();
  private final List<Seen> seen = Collections.synchronizedList(new ArrayList<>());
  private final List<Seen> objectStoreSeen = Collections.synchronizedList(new ArrayList<>());
  private final List<String> tokenScopes = Collections.synchronizedList(new ArrayList<>());
  private volatile boolean redirectBlobs;
  private volatile int tokenLifetime = 300;
  private volatile int tokenGeneration;

  public FakeRegistry(Auth auth, String user, String password) throws IOException {
    this.auth = auth;
    this.user = user;
    this.password = password;
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
    server.createContext("/", this::handle);
    server.setExecutor(Executors.newCachedThreadPool());
    server.start();
    objectStore = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
    objectStore.createContext("/", this::handleObjectStore);
    objectStore.setExecutor(Executors.newCachedThreadPool());
    objectStore.start();
  }

  public String endpoint() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  public List<Seen> seen() {
    return List.copyOf(seen);
  }

  public List<Seen> objectStoreSeen() {
    return List.copyOf(objectStoreSeen);
  }

  public List<String> tokenScopes() {
    return List.copyOf(tokenScopes);
  }

  /** Blob GETs answer 307 to a second server reached as {@code localhost} (another host name). */
  public void redirectBlobsToObjectStore(boolean on) {
    redirectBlobs = on;
  }

  public void tokenLifetimeSeconds(int seconds) {
    tokenLifetime = seconds;
  }

  /** Makes every token issued so far invalid, as a registry restart or key rotation would. */
  public void revokeTokens() {
    tokenGeneration++;
  }

  public String putBlob(byte[] content) {
    String digest = digest(content);
    blobs.put(digest, content);
    return digest;
  }

  public String putManifest(String path, String reference, String mediaType, byte[] content) {
    String digest = digest(content);
    manifests.put(path + "@" + reference, content);
    manifests.put(path + "@" + digest, content);
    manifestTypes.put(path + "@" + reference, mediaType);
    manifestTypes.put(path + "@" + digest, mediaType);
    return digest;
  }

  /** The next request whose path contains {@code pathPart} is answered by {@code fault} (true = handled). */
  public void fault(String pathPart, Function<HttpExchange, Boolean> fault) {
    faults.computeIfAbsent(pathPart, k -> new ArrayDeque<>()).add(fault);
  }

  public static Function<HttpExchange, Boolean> status(int status, Map<String, String> headers) {
    return exchange -> {
      try {
        headers.forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
      } catch (IOException ignored) {
        // the client went away; nothing to do
      }
      return true;
    };
  }

  public static String digest(byte[] content) {
    try {
      return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private void handle(HttpExchange exchange) throws IOException {
    URI uri = exchange.getRequestURI();
    String path = uri.getPath();
    String authorization = exchange.getRequestHeaders().getFirst("Authorization");
    seen.add(new Seen(exchange.getRequestMethod(), path, uri.getRawQuery(), authorization != null,
        authorization == null ? null : authorization.split(" ")[0], exchange.getRequestHeaders().getFirst("Range")));
    try (exchange) {
      exchange.getRequestBody().readAllBytes();
      for (Map.Entry<String, Deque<Function<HttpExchange, Boolean>>> f : faults.entrySet()) {
        if (path.contains(f.getKey())) {
          Function<HttpExchange, Boolean> next;
          synchronized (f.getValue()) {
            next = f.getValue().poll();
          }
          if (next != null && next.apply(exchange)) {
            return;
          }
        }
      }
      if (path.equals("/token")) {
        token(exchange);
        return;
      }
      if (!authorized(authorization)) {
        challenge(exchange, path);
        return;
      }
      exchange.getResponseHeaders().add("Docker-Distribution-API-Version", "registry/2.0");
      if (path.equals("/v2/")) {
        send(exchange, 200, "application/json", "{}".getBytes(StandardCharsets.UTF_8));
        return;
      }
      int manifestsAt = path.indexOf("/manifests/");
      int blobsAt = path.indexOf("/blobs/");
      if (manifestsAt > 0) {
        String repo = path.substring(4, manifestsAt);
        String reference = path.substring(manifestsAt + "/manifests/".length());
        byte[] body = manifests.get(repo + "@" + reference);
        if (body == null) {
          send(exchange, 404, "application/json",
              "{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\",\"message\":\"manifest unknown\"}]}".getBytes());
          return;
        }
        exchange.getResponseHeaders().add("Docker-Content-Digest", digest(body));
        send(exchange, 200, manifestTypes.get(repo + "@" + reference), body);
        return;
      }
      if (blobsAt > 0) {
        String digest = path.substring(blobsAt + "/blobs/".length());
        byte[] body = blobs.get(digest);
        if (body == null) {
          send(exchange, 404, "application/json", "{\"errors\":[{\"code\":\"BLOB_UNKNOWN\"}]}".getBytes());
          return;
        }
        if (redirectBlobs) {
          exchange.getResponseHeaders().add("Location",
              "http://localhost:" + objectStore.getAddress().getPort() + "/bucket/" + digest + "?sig=x");
          exchange.sendResponseHeaders(307, -1);
          return;
        }
        sendRange(exchange, body);
        return;
      }
      send(exchange, 404, "text/plain", new byte[0]);
    }
  }

  private void handleObjectStore(HttpExchange exchange) throws IOException {
    String authorization = exchange.getRequestHeaders().getFirst("Authorization");
    objectStoreSeen.add(new Seen(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
        exchange.getRequestURI().getRawQuery(), authorization != null, null, null));
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      byte[] body = blobs.get(path.substring("/bucket/".length()));
      if (body == null || authorization != null) {
        // real object stores reject a foreign Authorization header outright
        send(exchange, 400, "text/plain", "unexpected Authorization".getBytes());
        return;
      }
      sendRange(exchange, body);
    }
  }

  private static void sendRange(HttpExchange exchange, byte[] body) throws IOException {
    String range = exchange.getRequestHeaders().getFirst("Range");
    exchange.getResponseHeaders().add("Accept-Ranges", "bytes");
    exchange.getResponseHeaders().add("Content-Type", "application/octet-stream");
    if (range != null && range.startsWith("bytes=") && range.endsWith("-")) {
      int from = Integer.parseInt(range.substring(6, range.length() - 1));
      exchange.getResponseHeaders().add("Content-Range", "bytes " + from + "-" + (body.length - 1) + "/" + body.length);
      exchange.sendResponseHeaders(206, body.length - from);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body, from, body.length - from);
      }
      return;
    }
    send(exchange, 200, "application/octet-stream", body);
  }

  private boolean authorized(String authorization) {
    return switch (auth) {
      case NONE -> true;
      case BASIC -> authorization != null && authorization.equals(basic());
      case BEARER -> authorization != null && authorization.equals("Bearer token-" + tokenGeneration);
    };
  }

  private String basic() {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  private void challenge(HttpExchange exchange, String path) throws IOException {
    String value;
    if (auth == Auth.BASIC) {
      value = "Basic realm=\"fake\"";
    } else {
      String scope = "";
      int at = Math.max(path.indexOf("/manifests/"), path.indexOf("/blobs/"));
      if (at > 0) {
        scope = ",scope=\"repository:" + path.substring(4, at) + ":pull\"";
      }
      value = "Bearer realm=\"http://" + endpoint() + "/token\",service=\"fake\"" + scope;
    }
    exchange.getResponseHeaders().add("WWW-Authenticate", value);
    send(exchange, 401, "application/json", "{\"errors\":[{\"code\":\"UNAUTHORIZED\"}]}".getBytes());
  }

  private void token(HttpExchange exchange) throws IOException {
    String authorization = exchange.getRequestHeaders().getFirst("Authorization");
    if (authorization == null || !authorization.equals(basic())) {
      send(exchange, 401, "application/json", "{}".getBytes());
      return;
    }
    String query = exchange.getRequestURI().getRawQuery();
    for (String part : query == null ? new String[0] : query.split("&")) {
      if (part.startsWith("scope=")) {
        tokenScopes.add(java.net.URLDecoder.decode(part.substring(6), StandardCharsets.UTF_8));
      }
    }
    String body = "{\"token\":\"token-" + tokenGeneration + "\",\"expires_in\":" + tokenLifetime + "}";
    send(exchange, 200, "application/json", body.getBytes(StandardCharsets.UTF_8));
  }

  private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
    if (type != null) {
      exchange.getResponseHeaders().add("Content-Type", type);
    }
    boolean head = exchange.getRequestMethod().equals("HEAD");
    exchange.getResponseHeaders().add("Content-Length", String.valueOf(body.length));
    exchange.sendResponseHeaders(status, head ? -1 : (body.length == 0 ? -1 : body.length));
    if (!head && body.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    objectStore.stop(0);
  }
}
