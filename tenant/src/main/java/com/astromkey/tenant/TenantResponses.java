package com.astromkey.tenant;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Maps tenant JSON answers to the typed records, applying the processing rules of tenant-api.md §2. */
final class TenantResponses {
  private static final Logger LOG = LoggerFactory.getLogger(TenantResponses.class);
  static final Pattern VERSION = Pattern.compile("^\\d+\\.\\d+\\.\\d+\\.\\d{8}-\\d{6}$");

  private TenantResponses() {}

  static TokenScopes tokenScopes(JsonNode json) {
    List<String> scopes = new ArrayList<>();
    json.path("scopes").forEach(s -> scopes.add(s.asText()));
    return new TokenScopes(scopes);
  }

  /** #2: endpoints as an array, falling back to {@code formattedCommunicationEndpoints}. */
  static ConnectionInfo agentConnectionInfo(JsonNode json) {
    List<String> raw = new ArrayList<>();
    JsonNode eps = json.path("communicationEndpoints");
    if (eps.isArray() && !eps.isEmpty()) {
      eps.forEach(e -> raw.add(e.asText()));
    } else if (eps.isTextual()) {
      raw.addAll(List.of(eps.asText().split(";")));
    } else {
      raw.addAll(List.of(json.path("formattedCommunicationEndpoints").asText("").split(";")));
    }
    return connectionInfo(json, raw);
  }

  /** #3: one {@code ;}-separated string (an array is accepted as well). */
  static ConnectionInfo gatewayConnectionInfo(JsonNode json) {
    List<String> raw = new ArrayList<>();
    JsonNode eps = json.path("communicationEndpoints");
    if (eps.isArray()) {
      eps.forEach(e -> raw.add(e.asText()));
    } else {
      raw.addAll(List.of(eps.asText("").split(";")));
    }
    return connectionInfo(json, raw);
  }

  private static ConnectionInfo connectionInfo(JsonNode json, List<String> rawEndpoints) {
    List<String> endpoints = normalizeEndpoints(rawEndpoints);
    return new ConnectionInfo(json.path("tenantUUID").asText(""), json.path("tenantToken").asText(""),
        String.join(";", endpoints), communicationHosts(endpoints));
  }

  /** Trim, drop empty, deduplicate keeping first-seen order. */
  static List<String> normalizeEndpoints(List<String> raw) {
    Set<String> seen = new LinkedHashSet<>();
    for (String e : raw) {
      String t = e == null ? "" : e.strip();
      if (!t.isEmpty()) {
        seen.add(t);
      }
    }
    return List.copyOf(seen);
  }

  static List<CommunicationEndpoint> communicationHosts(List<String> endpoints) {
    List<CommunicationEndpoint> hosts = new ArrayList<>();
    for (String e : endpoints) {
      CommunicationEndpoint parsed = parseEndpoint(e);
      if (parsed == null) {
        LOG.info("Dropping unparsable communication endpoint '{}'", e);
      } else {
        hosts.add(parsed);
      }
    }
    return hosts;
  }

  static CommunicationEndpoint parseEndpoint(String endpoint) {
    try {
      URI u = new URI(endpoint);
      String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("https") && !scheme.equals("http") || u.getHost() == null) {
        return null;
      }
      int port = u.getPort() != -1 ? u.getPort() : scheme.equals("https") ? 443 : 80;
      return new CommunicationEndpoint(scheme, u.getHost(), port);
    } catch (URISyntaxException e) {
      return null;
    }
  }

  /** A version field that must match {@link #VERSION}; the message names the field and the value. */
  static String version(JsonNode json, String field) {
    JsonNode v = json.get(field);
    String value = v == null || v.isNull() ? "" : v.asText();
    checkVersion(field, value);
    return value;
  }

  static void checkVersion(String field, String value) {
    if (value.isEmpty()) {
      throw TenantApiException.of(TenantErrorKind.INVALID_CONTENT, "The tenant sent no " + field + ".");
    }
    if (!VERSION.matcher(value).matches()) {
      throw TenantApiException.of(TenantErrorKind.INVALID_CONTENT,
          "The tenant sent " + field + " '" + abbreviate(value) + "', which is not a version like 1.301.0.20240915-120000.");
    }
  }

  static List<String> availableVersions(JsonNode json) {
    List<String> versions = new ArrayList<>();
    for (JsonNode v : json.path("availableVersions")) {
      checkVersion("availableVersions", v.asText());
      versions.add(v.asText());
    }
    // cached and handed to every caller: must not be changeable
    return List.copyOf(versions);
  }

  static ProcessModuleConfig processModuleConfig(JsonNode json) {
    List<ProcessModuleConfig.Property> props = new ArrayList<>();
    for (JsonNode p : json.path("properties")) {
      props.add(new ProcessModuleConfig.Property(p.path("section").asText(""), p.path("key").asText(""),
          p.path("value").asText("")));
    }
    if (props.isEmpty()) {
      throw TenantApiException.of(TenantErrorKind.INVALID_CONTENT, "process module config is empty");
    }
    return new ProcessModuleConfig(json.path("revision").asLong(0), props);
  }

  static ActiveGateToken activeGateToken(JsonNode json, java.time.Instant requestedExpiry) {
    String id = json.path("id").asText("");
    String token = json.path("token").asText("");
    if (id.isEmpty() || token.isEmpty()) {
      throw TenantApiException.of(TenantErrorKind.INVALID_CONTENT, "The tenant created an ActiveGate token without id or token.");
    }
    java.time.Instant expiry = requestedExpiry;
    String sent = json.path("expirationDate").asText("");
    if (!sent.isEmpty()) {
      try {
        expiry = java.time.OffsetDateTime.parse(sent).toInstant();
      } catch (java.time.format.DateTimeParseException e) {
        // the tenant's own echo is informative only; the requested expiry is what we asked for
        expiry = requestedExpiry;
      }
    }
    return new ActiveGateToken(id, token, expiry);
  }

  private static String abbreviate(String s) {
    return s.length() <= 64 ? s : s.substring(0, 64) + "…";
  }
}
