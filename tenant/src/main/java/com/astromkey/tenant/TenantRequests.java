package com.astromkey.tenant;

import com.astromkey.domain.codemodules.CodeModulesFlavor;
import com.astromkey.tenant.TenantRequest.QueryParam;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/** Builds the requests of tenant-api.md §2 exactly as listed there: path, query names and order, token kind, body. */
final class TenantRequests {
  static final String OS = "unix";
  static final String INSTALLER = "/v1/deployment/installer";
  static final java.time.Duration ACTIVE_GATE_TOKEN_LIFETIME = java.time.Duration.ofDays(60);
  private static final ObjectMapper JSON = new ObjectMapper();

  private TenantRequests() {}

  /** #1: the token to check goes in the body; the header always carries the API token. */
  static TenantRequest tokenLookup(String tokenToCheck) {
    ObjectNode body = JSON.createObjectNode().put("token", tokenToCheck);
    return new TenantRequest("1", "POST", "/v2/apiTokens/lookup", List.of(), TokenKind.API, false, body.toString());
  }

  /** #2: {@code defaultZoneFallback=true} only accompanies a network zone. */
  static TenantRequest agentConnectionInfo(String networkZone) {
    List<QueryParam> q = new ArrayList<>();
    if (!networkZone.isEmpty()) {
      q.add(new QueryParam("networkZone", networkZone));
      q.add(new QueryParam("defaultZoneFallback", "true"));
    }
    return get("2", INSTALLER + "/agent/connectioninfo", q);
  }

  /** #3. */
  static TenantRequest gatewayConnectionInfo(String networkZone) {
    List<QueryParam> q = new ArrayList<>();
    if (!networkZone.isEmpty()) {
      q.add(new QueryParam("networkZone", networkZone));
    }
    return get("3", INSTALLER + "/gateway/connectioninfo", q);
  }

  /** #4a: OneAgent (host) latest version. */
  static TenantRequest agentLatestMetainfo() {
    return get("4a", INSTALLER + "/agent/" + OS + "/default/latest/metainfo",
        List.of(new QueryParam("flavor", "default"), new QueryParam("bitness", "64")));
  }

  /** #4b: code modules latest version. */
  static TenantRequest codeModulesLatestMetainfo(CodeModulesFlavor flavor, Arch arch) {
    return get("4b", INSTALLER + "/agent/" + OS + "/paas/latest/metainfo",
        List.of(new QueryParam("flavor", flavor.value()), new QueryParam("arch", arch.query()),
            new QueryParam("bitness", "64")));
  }

  /** #5: ActiveGate latest version. */
  static TenantRequest gatewayLatestMetainfo() {
    return get("5", INSTALLER + "/gateway/" + OS + "/latest/metainfo", List.of());
  }

  /** #6 (by version) and #7 (latest). */
  static TenantRequest codeModulesZip(ZipRequest zip) {
    List<QueryParam> q = new ArrayList<>();
    q.add(new QueryParam("flavor", zip.flavor().value()));
    q.add(new QueryParam("arch", zip.arch().query()));
    q.add(new QueryParam("bitness", "64"));
    q.add(new QueryParam("skipMetadata", "true"));
    if (zip.includes().isEmpty()) {
      q.add(new QueryParam("include", "all"));
    } else {
      zip.includes().forEach(t -> q.add(new QueryParam("include", t)));
    }
    String path = zip.isLatest()
        ? INSTALLER + "/agent/" + OS + "/paas/latest"
        : INSTALLER + "/agent/" + OS + "/paas/version/" + TenantRequest.encode(zip.version());
    return new TenantRequest(zip.isLatest() ? "7" : "6", "GET", path, q, TokenKind.PAAS, true, null);
  }

  /** #8. */
  static TenantRequest availableVersions(CodeModulesFlavor flavor, Arch arch) {
    return get("8", INSTALLER + "/agent/versions/" + OS + "/paas",
        List.of(new QueryParam("flavor", flavor.value()), new QueryParam("arch", arch.query())));
  }

  /** #9: {@code hostgroup} only when set. */
  static TenantRequest processModuleConfig(String hostGroup) {
    List<QueryParam> q = new ArrayList<>();
    q.add(new QueryParam("sections", "general,agentType"));
    if (hostGroup != null && !hostGroup.isBlank()) {
      q.add(new QueryParam("hostgroup", hostGroup.strip()));
    }
    return get("9", INSTALLER + "/agent/processmoduleconfig", q);
  }

  /** #11: an ENVIRONMENT token, no seed token, expiring 60 days from {@code now} (whole seconds, UTC). */
  static TenantRequest createActiveGateToken(String name, Instant now) {
    ObjectNode body = JSON.createObjectNode()
        .put("name", name)
        .put("activeGateType", "ENVIRONMENT")
        .put("expirationDate", expirationDate(now))
        .put("seedToken", false);
    return new TenantRequest("11", "POST", "/v2/activeGateTokens", List.of(), TokenKind.API, false, body.toString());
  }

  static String expirationDate(Instant now) {
    return DateTimeFormatter.ISO_INSTANT.format(now.plus(ACTIVE_GATE_TOKEN_LIFETIME).truncatedTo(ChronoUnit.SECONDS));
  }

  private static TenantRequest get(String endpoint, String path, List<QueryParam> query) {
    return new TenantRequest(endpoint, "GET", path, query, TokenKind.PAAS, false, null);
  }
}
