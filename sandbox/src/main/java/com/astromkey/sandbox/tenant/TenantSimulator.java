package com.astromkey.sandbox.tenant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
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
  private static final String INSTALLER = "/v1/deployment/installer";
  private static final Pattern PAAS_VERSION = Pattern.compile(INSTALLER + "/agent/unix/paas/version/([^/]+)");
  private static final Set<String> FLAVORS = Set.of("default", "multidistro");
  private static final Set<String> ARCHES = Set.of("x86", "arm");

  private final HttpServer server;
  private final ExecutorService executor;
  private final SimCertificates certificates;
  private final String scheme;
  private final TenantSimState state;
  private final List<SimFault> faults = new CopyOnWriteArrayList<>();
  private final List<SimRequest> requests = new CopyOnWriteArrayList<>();
  private final List<Map<String, Object>> issuedActiveGateTokens = new CopyOnWriteArrayList<>();
  private final AtomicInteger activeGateTokenSeq = new AtomicInteger();
  private final SimZips zips = new SimZips();
  private final RegistryFront registryFront;
  private final Map<String, byte[]> files = new java.util.concurrent.ConcurrentHashMap<>();

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
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
    state = new TenantSimState(hostPort());
    registryFront = new RegistryFront(state);
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
    return List.copyOf(issuedActiveGateTokens);
  }

  /** The zip the simulator serves for these parameters, to compare sizes and digests. */
  public byte[] zip(String version, String arch, String flavor, List<String> includes) {
    return zips.zip(version, arch, flavor, includes);
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
  public void forwardRegistryTo(URI upstream, java.net.http.HttpClient client, String upstreamAuthorization) {
    registryFront.forwardTo(upstream, client, upstreamAuthorization);
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  // ---------------------------------------------------------------- dispatch

  private record TokenUse(String kind, String id, SimToken token) {}

  private record SimResponse(int status, String contentType, byte[] body, Map<String, String> headers) {
    static SimResponse json(int status, JsonNode body) {
      return new SimResponse(status, "application/json", body.toString().getBytes(StandardCharsets.UTF_8), Map.of());
    }
  }

  /** A request the endpoint rejects with 400 and a constraint violation. */
  private static final class BadRequest extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String parameter;

    BadRequest(String parameter, String message) {
      super(message);
      this.parameter = parameter;
    }
  }

  private void handle(HttpExchange ex) {
    try {
      String path = ex.getRequestURI().getPath();
      if (path.startsWith("/__sim/")) {
        control(ex, path);
      } else if (path.equals("/v2") || path.startsWith("/v2/")) {
        registryFront.handle(ex);
      } else {
        api(ex, path);
      }
    } catch (Exception e) {
      // the client went away (timeouts, resets) or a handler bug: either way nothing more to send
      LOG.debug("Tenant simulator: {} {} ended with {}", ex.getRequestMethod(), ex.getRequestURI().getPath(), e.toString());
    } finally {
      ex.close();
    }
  }

  private void api(HttpExchange ex, String path) throws IOException, InterruptedException {
    String method = ex.getRequestMethod();
    Map<String, List<String>> query = parseQuery(ex.getRequestURI().getRawQuery());
    TokenUse token = tokenOf(ex);
    byte[] requestBody = ex.getRequestBody().readAllBytes();
    SimFault fault = takeFault(method, path, token.kind());
    SimResponse response;
    if (fault == null && path.startsWith("/files/")) {
      byte[] file = files.get(path.substring("/files/".length()));
      response = file == null ? error(404, "No file " + path) : new SimResponse(200, "application/octet-stream", file, Map.of());
    } else if (fault == null) {
      response = route(method, path, query, token, requestBody);
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
          SimResponse err = error(code, "Simulated HTTP " + code);
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
          response = route(method, path, query, token, requestBody);
        }
        default -> response = route(method, path, query, token, requestBody);
      }
    }
    log(ex, path, query, token, response.status(), fault);
    write(ex, response, fault);
  }

  private SimResponse route(String method, String path, Map<String, List<String>> query, TokenUse token, byte[] body) {
    if (!path.startsWith("/api/")) {
      return error(404, "Unknown path " + path);
    }
    if (token.token() == null) {
      return error(401, token.kind().equals("none") ? "Missing authorization" : "Token Authentication failed");
    }
    String p = path.substring("/api".length());
    try {
      if (method.equals("POST") && p.equals("/v2/apiTokens/lookup")) {
        return tokenLookup(body);
      }
      if (method.equals("POST") && p.equals("/v2/activeGateTokens")) {
        return scoped(token, SimToken.ACTIVE_GATE_TOKEN_CREATE, () -> createActiveGateToken(body));
      }
      if (!method.equals("GET")) {
        return error(405, "Method " + method + " not allowed on " + p);
      }
      Matcher version = PAAS_VERSION.matcher(p);
      return switch (p) {
        case INSTALLER + "/agent/connectioninfo" -> scoped(token, SimToken.INSTALLER_DOWNLOAD, () -> agentConnectionInfo(query));
        case INSTALLER + "/gateway/connectioninfo" -> scoped(token, SimToken.INSTALLER_DOWNLOAD, () -> gatewayConnectionInfo());
        case INSTALLER + "/agent/unix/default/latest/metainfo" -> scoped(token, SimToken.INSTALLER_DOWNLOAD, () -> {
          require(query, "flavor", Set.of("default"));
          require(query, "bitness", Set.of("64"));
          return SimResponse.json(200, JSON.createObjectNode().put("latestAgentVersion", state.getLatestAgentVersion()));
        });
        case INSTALLER + "/agent/unix/paas/latest/metainfo" -> scoped(token, SimToken.INSTALLER_DOWNLOAD, () -> {
          require(query, "flavor", FLAVORS);
          require(query, "arch", ARCHES);
          require(query, "bitness", Set.of("64"));
          return SimResponse.json(200, JSON.createObjectNode().put("latestAgentVersion", state.getLatestPaasVersion()));
        });
        case INSTALLER + "/gateway/unix/latest/metainfo" -> scoped(token, SimToken.INSTALLER_DOWNLOAD, () ->
            SimResponse.json(200, JSON.createObjectNode().put("latestGatewayVersion", state.getLatestGatewayVersion())));
        case INSTALLER + "/agent/unix/paas/latest" -> scoped(token, SimToken.INSTALLER_DOWNLOAD, () ->
            zipResponse(state.getLatestPaasVersion(), query));
        case INSTALLER + "/agent/versions/unix/paas" -> scoped(token, SimToken.INSTALLER_DOWNLOAD, () -> {
          require(query, "flavor", FLAVORS);
          require(query, "arch", ARCHES);
          ObjectNode n = JSON.createObjectNode();
          ArrayNode list = n.putArray("availableVersions");
          state.getAvailableVersions().forEach(list::add);
          return SimResponse.json(200, n);
        });
        case INSTALLER + "/agent/processmoduleconfig" -> scoped(token, SimToken.INSTALLER_DOWNLOAD, () -> processModuleConfig(query));
        default -> version.matches()
            ? scoped(token, SimToken.INSTALLER_DOWNLOAD, () -> {
              String v = version.group(1);
              if (!state.getAvailableVersions().contains(v) && !v.equals(state.getLatestPaasVersion())) {
                validateZipQuery(query);
                return error(404, "Version " + v + " not found");
              }
              return zipResponse(v, query);
            })
            : error(404, "Unknown path " + p);
      };
    } catch (BadRequest e) {
      ObjectNode root = JSON.createObjectNode();
      ObjectNode err = root.putObject("error").put("code", 400).put("message", e.getMessage());
      err.putArray("constraintViolations").addObject()
          .put("path", e.parameter).put("message", e.getMessage()).put("parameterLocation", "QUERY").put("location", "");
      return SimResponse.json(400, root);
    }
  }

  private interface Endpoint {
    SimResponse answer();
  }

  private SimResponse scoped(TokenUse token, String scope, Endpoint endpoint) {
    if (!token.token().has(scope)) {
      return error(403, "Token is missing required scope " + scope);
    }
    return endpoint.answer();
  }

  private SimResponse tokenLookup(byte[] body) {
    String secret;
    try {
      secret = JSON.readTree(body).path("token").asText("");
    } catch (IOException e) {
      return error(400, "Body is not JSON");
    }
    SimToken t = state.token(secret);
    if (t == null) {
      return error(404, "Token not found");
    }
    ObjectNode n = JSON.createObjectNode().put("id", t.id()).put("name", t.id());
    ArrayNode scopes = n.putArray("scopes");
    t.scopes().forEach(scopes::add);
    return SimResponse.json(200, n);
  }

  private SimResponse agentConnectionInfo(Map<String, List<String>> query) {
    String zone = single(query, "networkZone");
    if (zone != null && state.getNoActiveGateZones().contains(zone)) {
      return error(400, "No ActiveGate is connected for network zone " + zone);
    }
    ObjectNode n = JSON.createObjectNode()
        .put("tenantUUID", state.getTenantUUID())
        .put("tenantToken", state.getAgentTenantToken());
    ArrayNode eps = n.putArray("communicationEndpoints");
    List<String> endpoints = state.agentEndpointsFor(zone);
    endpoints.forEach(eps::add);
    n.put("formattedCommunicationEndpoints", String.join(";", endpoints));
    return SimResponse.json(200, n);
  }

  private SimResponse gatewayConnectionInfo() {
    return SimResponse.json(200, JSON.createObjectNode()
        .put("tenantUUID", state.getTenantUUID())
        .put("tenantToken", state.getGatewayTenantToken())
        .put("communicationEndpoints", state.getGatewayEndpoints()));
  }

  private SimResponse processModuleConfig(Map<String, List<String>> query) {
    String sections = single(query, "sections");
    if (sections == null || sections.isBlank()) {
      throw new BadRequest("sections", "Query parameter sections is required");
    }
    List<String> wanted = List.of(sections.split(","));
    ObjectNode n = JSON.createObjectNode().put("revision", state.getProcessModuleRevision());
    ArrayNode props = n.putArray("properties");
    for (Map<String, String> p : state.getProcessModuleProperties()) {
      if (wanted.contains(p.get("section"))) {
        props.addObject().put("section", p.get("section")).put("key", p.get("key")).put("value", p.get("value"));
      }
    }
    return SimResponse.json(200, n);
  }

  private SimResponse createActiveGateToken(byte[] body) {
    JsonNode req;
    try {
      req = JSON.readTree(body);
    } catch (IOException e) {
      return error(400, "Body is not JSON");
    }
    String name = req.path("name").asText("");
    String type = req.path("activeGateType").asText("");
    String expiration = req.path("expirationDate").asText("");
    if (name.isEmpty() || !(type.equals("ENVIRONMENT") || type.equals("CLUSTER"))) {
      return error(400, "name and activeGateType (ENVIRONMENT or CLUSTER) are required");
    }
    try {
      if (!expiration.isEmpty()) {
        OffsetDateTime.parse(expiration);
      }
    } catch (DateTimeParseException e) {
      return error(400, "expirationDate is not RFC 3339");
    }
    int seq = activeGateTokenSeq.incrementAndGet();
    String id = String.format("agt-%04d", seq);
    Map<String, Object> issued = new LinkedHashMap<>();
    issued.put("id", id);
    issued.put("name", name);
    issued.put("activeGateType", type);
    issued.put("expirationDate", expiration);
    issued.put("seedToken", req.path("seedToken").asBoolean(true));
    issuedActiveGateTokens.add(issued);
    return SimResponse.json(201, JSON.createObjectNode()
        .put("id", id)
        .put("token", String.format("sim-ag-token-%04d", seq))
        .put("expirationDate", expiration));
  }

  private SimResponse zipResponse(String version, Map<String, List<String>> query) {
    validateZipQuery(query);
    List<String> includes = query.getOrDefault("include", List.of());
    byte[] zip = zips.zip(version, single(query, "arch"), single(query, "flavor"), includes);
    return new SimResponse(200, "application/octet-stream", zip, Map.of());
  }

  private static void validateZipQuery(Map<String, List<String>> query) {
    require(query, "flavor", FLAVORS);
    require(query, "arch", ARCHES);
    require(query, "bitness", Set.of("64"));
    List<String> includes = query.getOrDefault("include", List.of());
    if (includes.isEmpty()) {
      throw new BadRequest("include", "Query parameter include is required (use include=all)");
    }
  }

  private static void require(Map<String, List<String>> query, String name, Set<String> allowed) {
    String v = single(query, name);
    if (v == null) {
      throw new BadRequest(name, "Query parameter " + name + " is required");
    }
    if (!allowed.contains(v)) {
      throw new BadRequest(name, "Query parameter " + name + " must be one of " + allowed + ", got '" + v + "'");
    }
  }

  private static String single(Map<String, List<String>> query, String name) {
    List<String> v = query.get(name);
    return v == null || v.isEmpty() ? null : v.get(0);
  }

  static SimResponse error(int code, String message) {
    ObjectNode root = JSON.createObjectNode();
    root.putObject("error").put("code", code).put("message", message);
    return SimResponse.json(code, root);
  }

  private TokenUse tokenOf(HttpExchange ex) {
    String auth = ex.getRequestHeaders().getFirst("Authorization");
    if (auth == null) {
      return new TokenUse("none", "", null);
    }
    if (!auth.startsWith("Api-Token ")) {
      return new TokenUse("unknown", "", null);
    }
    SimToken t = state.token(auth.substring("Api-Token ".length()));
    return t == null ? new TokenUse("unknown", "", null) : new TokenUse(t.kind(), t.id(), t);
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

  private void log(HttpExchange ex, String path, Map<String, List<String>> query, TokenUse token, int status, SimFault fault) {
    requests.add(new SimRequest(Instant.now(), ex.getRequestMethod(), path, query, token.kind(), token.id(),
        ex.getRequestHeaders().getFirst("User-Agent"), ex.getRequestHeaders().getFirst("Accept"), status,
        fault == null ? null : fault.toString()));
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
      write(ex, error(403, "The control API answers loopback clients only"));
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
      default -> write(ex, error(404, "Unknown control path " + method + " " + path));
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
