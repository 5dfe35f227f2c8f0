package com.astromkey.sandbox.tenant;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One simulated tenant on a free loopback port (tenant-api.md §5): the endpoints of §2 with scope enforcement and
 * query validation, settable state, fault injection, a request log, and the {@code /__sim} control API.
 */
public final class TenantSimulator implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TenantSimulator.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final ExecutorService executor;
  private final SimCertificates certificates;
  private final String scheme;
  private final TenantSimState state;
  private final List<SimFault> faults = new CopyOnWriteArrayList<>();
  private final List<SimRequest> requests = new CopyOnWriteArrayList<>();
  private final SimTenantApi api;
  private final RegistryFront registryFront;
  private final Map<String, byte[]> files = new ConcurrentHashMap<>();

  private TenantSimulator(boolean tls, List<String> certificateHosts) {
    try {
      InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
      if (tls) {
        certificates = SimCertificates.generate("astromkey-tenant-sim-ca", certificateHosts);
        HttpsServer https = HttpsServer.create(address, 0);
        https.setHttpsConfigurator(new HttpsConfigurator(certificates.serverContext()));
        server = https;
        scheme = "https";
      } else {
        certificates = null;
        server = HttpServer.create(address, 0);
        scheme = "http";
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start the tenant simulator", e);
    }
    executor = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "tenant-sim");
      t.setDaemon(true);
      return t;
    });
    // the port is bound at creation: state and handlers exist before the first request can arrive
    state = new TenantSimState(hostPort());
    api = new SimTenantApi(state);
    registryFront = new RegistryFront(state);
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
    LOG.info("Tenant simulator listening on {}", baseUrl());
  }

  /** HTTPS with a fresh CA; the certificate names 127.0.0.1 and localhost. */
  public static TenantSimulator startHttps() {
    return startHttps(List.of("127.0.0.1", "localhost"));
  }

  /** HTTPS with a certificate for exactly these names (e.g. a wrong name, to provoke a host-name mismatch). */
  public static TenantSimulator startHttps(List<String> certificateHosts) {
    return new TenantSimulator(true, List.copyOf(certificateHosts));
  }

  public static TenantSimulator startHttp() {
    return new TenantSimulator(false, List.of());
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** {@code 127.0.0.1:<port>}: the simulator's host as agents and registry clients address it. */
  public String hostPort() {
    return "127.0.0.1:" + port();
  }

  public String baseUrl() {
    return scheme + "://" + hostPort();
  }

  /** What goes into {@code spec.apiUrl}. */
  public String apiUrl() {
    return baseUrl() + "/api";
  }

  /** The simulator's API URL under another host name of the loopback interface, such as {@code localhost}. */
  public String apiUrl(String host) {
    return scheme + "://" + host + ":" + port() + "/api";
  }

  /** PEM of the CA that issued the HTTPS certificate, for {@code trustedCAs}. */
  public String caPem() {
    if (certificates == null) {
      throw new IllegalStateException("The simulator runs plain HTTP; it has no CA.");
    }
    return certificates.caPem();
  }

  public TenantSimState state() {
    return state;
  }

  public TenantSimulator fault(SimFault fault) {
    faults.add(fault);
    return this;
  }

  public TenantSimulator fault(SimFault.Builder fault) {
    return fault(fault.build());
  }

  public void clearFaults() {
    faults.clear();
  }

  public List<SimRequest> requests() {
    return List.copyOf(requests);
  }

  /** Requests whose path matches {@code pathRegex} completely. */
  public List<SimRequest> requests(String pathRegex) {
    Pattern p = Pattern.compile(pathRegex);
    return requests.stream().filter(r -> p.matcher(r.path()).matches()).toList();
  }

  public int count(String pathRegex) {
    return requests(pathRegex).size();
  }

  public void clearRequests() {
    requests.clear();
  }

  /** Bodies of the accepted {@code POST /v2/activeGateTokens} requests plus the issued id. */
  public List<Map<String, Object>> issuedActiveGateTokens() {
    return api.issuedActiveGateTokens();
  }

  /** The zip the simulator serves for these parameters, to compare sizes and digests. */
  public byte[] zip(String version, String arch, String flavor, List<String> includes) {
    return api.zips().zip(version, arch, flavor, includes);
  }

  /**
   * Serves {@code content} without authentication at {@code /files/<name>}, like the storage a tenant redirects
   * downloads to; returns its URL.
   */
  public String publishFile(String name, byte[] content) {
    files.put(name, content.clone());
    return baseUrl() + "/files/" + name;
  }

  /** Sends authenticated {@code /v2/} registry requests on to a real registry (README §7). */
  public void forwardRegistryTo(URI upstream, HttpClient client, String upstreamAuthorization) {
    registryFront.forwardTo(upstream, client, upstreamAuthorization);
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  // ---------------------------------------------------------------- dispatch

  private void handle(HttpExchange ex) {
    try {
      String path = ex.getRequestURI().getPath();
      if (path.startsWith("/__sim/")) {
        control(ex, path);
      } else if (path.equals("/v2") || path.startsWith("/v2/")) {
        registryFront.handle(ex);
      } else {
        serveApi(ex, path);
      }
    } catch (Exception e) {
      // the client went away (timeouts, resets) or a handler bug: either way nothing more to send
      LOG.debug("Tenant simulator: {} {} ended with {}", ex.getRequestMethod(), ex.getRequestURI().getPath(), e.toString());
    } finally {
      ex.close();
    }
  }

  private void serveApi(HttpExchange ex, String path) throws IOException, InterruptedException {
    String method = ex.getRequestMethod();
    Map<String, List<String>> query = parseQuery(ex.getRequestURI().getRawQuery());
    SimTenantApi.TokenUse token = api.tokenOf(ex.getRequestHeaders().getFirst("Authorization"));
    byte[] requestBody = ex.getRequestBody().readAllBytes();
    SimFault fault = takeFault(method, path, token.kind());
    SimResponse response;
    if (fault == null && path.startsWith("/files/")) {
      byte[] file = files.get(path.substring("/files/".length()));
      response = file == null ? SimTenantApi.error(404, "No file " + path) : new SimResponse(200, "application/octet-stream", file, Map.of());
    } else if (fault == null) {
      response = api.route(method, path, query, token, requestBody);
    } else {
      switch (fault.kind()) {
        case RESET -> {
          log(ex, path, query, token, 0, fault);
          // closing before sendResponseHeaders makes the server drop the connection without a byte
          ex.close();
          return;
        }
        case STATUS -> {
          int code = fault.intParam("code", 500);
          Map<String, String> headers = new LinkedHashMap<>();
          String retryAfter = fault.stringParam("retryAfter");
          if (retryAfter != null) {
            headers.put("Retry-After", retryAfter);
          }
          SimResponse err = SimTenantApi.error(code, "Simulated HTTP " + code);
          response = new SimResponse(code, err.contentType(), err.body(), headers);
        }
        case MALFORMED_JSON -> response = new SimResponse(200, "application/json",
            "{\"tenantUUID\":\"abc12345\",\"latestAgentVersion\":\"1.3".getBytes(StandardCharsets.UTF_8), Map.of());
        case EMPTY_MODEL -> response = new SimResponse(200, "application/json", "{}".getBytes(StandardCharsets.UTF_8), Map.of());
        case REDIRECT -> response = new SimResponse(fault.intParam("code", 302), "text/plain", new byte[0],
            Map.of("Location", fault.stringParam("location")));
        case SLOW -> {
          if (!fault.boolParam("chunked")) {
            Thread.sleep(fault.longParam("delayMs", 1000));
          }
          response = api.route(method, path, query, token, requestBody);
        }
        default -> response = api.route(method, path, query, token, requestBody);
      }
    }
    log(ex, path, query, token, response.status(), fault);
    write(ex, response, fault);
  }

  private SimFault takeFault(String method, String path, String tokenKind) {
    for (SimFault f : faults) {
      if (f.matches(method, path, tokenKind) && f.consume()) {
        if (f.remaining() == 0) {
          faults.remove(f);
        }
        return f;
      }
    }
    return null;
  }

  private void log(HttpExchange ex, String path, Map<String, List<String>> query, SimTenantApi.TokenUse token, int status, SimFault fault) {
    requests.add(new SimRequest(Instant.now(), ex.getRequestMethod(), path, query, token.kind(), token.id(),
        ex.getRequestHeaders().getFirst("User-Agent"), ex.getRequestHeaders().getFirst("Accept"), status,
        fault == null ? null : fault.toString(),
        ex.getRequestHeaders().keySet().stream().map(h -> h.toLowerCase(Locale.ROOT)).sorted().toList()));
  }

  private static void write(HttpExchange ex, SimResponse r, SimFault fault) throws IOException, InterruptedException {
    ex.getResponseHeaders().set("Content-Type", r.contentType());
    r.headers().forEach((k, v) -> ex.getResponseHeaders().set(k, v));
    byte[] b = r.body();
    if (fault != null && fault.kind() == SimFault.Kind.SLOW && fault.boolParam("chunked")) {
      ex.sendResponseHeaders(r.status(), 0);
      int chunks = Math.max(1, fault.intParam("chunks", 4));
      int size = Math.max(1, (b.length + chunks - 1) / chunks);
      try (OutputStream out = ex.getResponseBody()) {
        for (int off = 0; off < b.length; off += size) {
          out.write(b, off, Math.min(size, b.length - off));
          out.flush();
          if (off + size < b.length) {
            Thread.sleep(fault.longParam("delayMs", 1000));
          }
        }
      }
    } else if (fault != null && fault.kind() == SimFault.Kind.TRUNCATED_BODY) {
      ex.sendResponseHeaders(r.status(), b.length);
      OutputStream out = ex.getResponseBody();
      out.write(b, 0, b.length / 2);
      out.flush();
      // closing with bytes missing makes the server drop the connection
    } else {
      ex.sendResponseHeaders(r.status(), b.length == 0 ? -1 : b.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(b);
      }
    }
  }

  static Map<String, List<String>> parseQuery(String raw) {
    Map<String, List<String>> q = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return q;
    }
    for (String part : raw.split("&")) {
      if (part.isEmpty()) {
        continue;
      }
      int eq = part.indexOf('=');
      String name = URLDecoder.decode(eq < 0 ? part : part.substring(0, eq), StandardCharsets.UTF_8);
      String value = eq < 0 ? "" : URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8);
      q.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
    }
    return q;
  }

  // ---------------------------------------------------------------- /__sim control API

  private void control(HttpExchange ex, String path) throws IOException {
    if (!ex.getRemoteAddress().getAddress().isLoopbackAddress()) {
      write(ex, SimTenantApi.error(403, "The control API answers loopback clients only"));
      return;
    }
    String method = ex.getRequestMethod();
    byte[] body = ex.getRequestBody().readAllBytes();
    switch (method + " " + path) {
      case "GET /__sim/requests" -> write(ex, jsonOf(requests().stream().map(TenantSimulator::asMap).toList()));
      case "DELETE /__sim/requests" -> {
        clearRequests();
        write(ex, new SimResponse(204, "application/json", new byte[0], Map.of()));
      }
      case "POST /__sim/faults" -> {
        fault(JSON.readValue(body, SimFault.class));
        write(ex, new SimResponse(201, "application/json", new byte[0], Map.of()));
      }
      case "DELETE /__sim/faults" -> {
        clearFaults();
        write(ex, new SimResponse(204, "application/json", new byte[0], Map.of()));
      }
      case "GET /__sim/state" -> write(ex, jsonOf(state));
      case "PUT /__sim/state" -> {
        JSON.readerForUpdating(state).readValue(body);
        write(ex, jsonOf(state));
      }
      default -> write(ex, SimTenantApi.error(404, "Unknown control path " + method + " " + path));
    }
  }

  private static Map<String, Object> asMap(SimRequest r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("time", r.time().toString());
    m.put("method", r.method());
    m.put("path", r.path());
    m.put("query", r.query());
    m.put("tokenKind", r.tokenKind());
    m.put("tokenId", r.tokenId());
    m.put("status", r.status());
    m.put("fault", r.fault());
    return m;
  }

  private static SimResponse jsonOf(Object value) throws IOException {
    return new SimResponse(200, "application/json", JSON.writeValueAsBytes(value), Map.of());
  }

  private static void write(HttpExchange ex, SimResponse r) throws IOException {
    try {
      write(ex, r, null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
