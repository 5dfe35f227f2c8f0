package com.astromkey.sandbox.tenant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The tenant endpoints of tenant-api.md §2 as the simulator answers them: scopes, query validation, state, zips. */
final class SimTenantApi {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String INSTALLER = "/v1/deployment/installer";
  private static final Pattern PAAS_VERSION = Pattern.compile(INSTALLER + "/agent/unix/paas/version/([^/]+)");
  private static final Set<String> FLAVORS = Set.of("default", "multidistro");
  private static final Set<String> ARCHES = Set.of("x86", "arm");

  /** The token of a request: its kind for the log, and the known token if any. */
  record TokenUse(String kind, String id, SimToken token) {}

  private final TenantSimState state;
  private final SimZips zips = new SimZips();
  private final List<Map<String, Object>> issuedActiveGateTokens = new CopyOnWriteArrayList<>();
  private final AtomicInteger activeGateTokenSeq = new AtomicInteger();

  SimTenantApi(TenantSimState state) {
    this.state = state;
  }

  SimZips zips() {
    return zips;
  }

  List<Map<String, Object>> issuedActiveGateTokens() {
    return List.copyOf(issuedActiveGateTokens);
  }

  TokenUse tokenOf(String authorization) {
    if (authorization == null) {
      return new TokenUse("none", "", null);
    }
    if (!authorization.startsWith("Api-Token ")) {
      return new TokenUse("unknown", "", null);
    }
    SimToken t = state.token(authorization.substring("Api-Token ".length()));
    return t == null ? new TokenUse("unknown", "", null) : new TokenUse(t.kind(), t.id(), t);
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

  SimResponse route(String method, String path, Map<String, List<String>> query, TokenUse token, byte[] body) {
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

  /** The answer of one endpoint once the token has the scope. */
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
}
