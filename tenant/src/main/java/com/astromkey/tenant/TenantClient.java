package com.astromkey.tenant;

import com.astromkey.domain.codemodules.CodeModulesFlavor;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Client of the tenant REST API (tenant-api.md §1–§4): one method per endpoint, typed answers, a response cache
 * with the request-threshold TTL, and {@link TenantApiException} for every failure.
 */
public final class TenantClient implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TenantClient.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_JSON_BYTES = 8 * 1024 * 1024;
  private static final int MAX_ERROR_BYTES = 64 * 1024;

  private final TenantClientConfig config;
  private final TenantHttp http;
  private final ResponseCache cache;

  public TenantClient(TenantClientConfig config) {
    this(config, TenantRequestObserver.NONE);
  }

  public TenantClient(TenantClientConfig config, TenantRequestObserver observer) {
    this.config = config;
    this.http = new TenantHttp(config, observer);
    this.cache = new ResponseCache(config.clock(), config.requestThreshold());
  }

  public TenantClientConfig config() {
    return config;
  }

  /** #1: scopes of {@code tokenToCheck}; the request itself is authenticated with the API token. */
  public TokenScopes tokenScopes(String tokenToCheck) {
    return callJson(TenantRequests.tokenLookup(tokenToCheck), TokenScopes.class, TenantResponses::tokenScopes, s -> false);
  }

  /** #1 for one of the configured tokens. */
  public TokenScopes tokenScopes(TokenKind kind) {
    if (kind == TokenKind.PAAS && !config.tokens().hasPaasToken()) {
      throw new IllegalStateException("No paasToken is configured; PaaS endpoints use the apiToken.");
    }
    return tokenScopes(kind == TokenKind.PAAS ? config.tokens().paasToken() : config.tokens().apiToken());
  }

  /**
   * #2 for the configured network zone. An empty result ({@link ConnectionInfo#isEmpty()}) means "postpone": the
   * tenant sent no UUID, token or endpoints, or answered 400 for a zone that has no ActiveGate yet.
   */
  public ConnectionInfo agentConnectionInfo() {
    try {
      return callJson(TenantRequests.agentConnectionInfo(config.networkZone()), ConnectionInfo.class,
          TenantResponses::agentConnectionInfo, c -> !c.isEmpty());
    } catch (TenantApiException e) {
      if (e.statusCode() == 400 && !config.networkZone().isEmpty()) {
        LOG.debug("No agent connection info for network zone '{}' yet (HTTP 400)", config.networkZone());
        return ConnectionInfo.EMPTY;
      }
      throw e;
    }
  }

  /** #3 for the configured network zone; empty means "postpone". */
  public ConnectionInfo gatewayConnectionInfo() {
    return callJson(TenantRequests.gatewayConnectionInfo(config.networkZone()), ConnectionInfo.class,
        TenantResponses::gatewayConnectionInfo, c -> !c.isEmpty());
  }

  /** #4a: latest OneAgent (host) version. */
  public String latestAgentVersion() {
    return callJson(TenantRequests.agentLatestMetainfo(), String.class,
        j -> TenantResponses.version(j, "latestAgentVersion"), v -> true);
  }

  /** #4b: latest code-modules version for this flavor and architecture. */
  public String latestCodeModulesVersion(CodeModulesFlavor flavor, Arch arch) {
    return callJson(TenantRequests.codeModulesLatestMetainfo(flavor, arch), String.class,
        j -> TenantResponses.version(j, "latestAgentVersion"), v -> true);
  }

  /** #5: latest ActiveGate version. */
  public String latestGatewayVersion() {
    return callJson(TenantRequests.gatewayLatestMetainfo(), String.class,
        j -> TenantResponses.version(j, "latestGatewayVersion"), v -> true);
  }

  /** #8: code-modules versions the tenant offers; 404 means none for this flavor and architecture. */
  @SuppressWarnings("unchecked")
  public List<String> availableVersions(CodeModulesFlavor flavor, Arch arch) {
    try {
      return callJson(TenantRequests.availableVersions(flavor, arch), List.class,
          TenantResponses::availableVersions, v -> !v.isEmpty());
    } catch (TenantApiException e) {
      if (e.isNotFound()) {
        throw new TenantApiException(e.kind(), e.statusCode(), "No code-modules versions are available for flavor "
            + flavor.value() + ", arch " + arch.query() + " (HTTP 404).", e.serverErrors(), null, e);
      }
      throw e;
    }
  }

  /** #9; a config without properties fails with "process module config is empty". */
  public ProcessModuleConfig processModuleConfig(String hostGroup) {
    return callJson(TenantRequests.processModuleConfig(hostGroup), ProcessModuleConfig.class,
        TenantResponses::processModuleConfig, c -> true);
  }

  /** #11: a new ENVIRONMENT ActiveGate token named after the DynaKube, valid 60 days. */
  public ActiveGateToken createActiveGateToken(String dynaKubeName) {
    Instant now = config.clock().instant();
    Instant expiry = Instant.parse(TenantRequests.expirationDate(now));
    return callJson(TenantRequests.createActiveGateToken(dynaKubeName, now), ActiveGateToken.class,
        j -> TenantResponses.activeGateToken(j, expiry), t -> false);
  }

  /**
   * #6/#7 streamed to {@code out}. Fails when the body is shorter than its Content-Length or stalls longer than the
   * read timeout; a 404 means the version is not available.
   */
  public DownloadResult downloadCodeModules(ZipRequest zip, OutputStream out) {
    TenantRequest req = TenantRequests.codeModulesZip(zip);
    try (TenantHttp.Exchange ex = http.send(req)) {
      if (!ex.isSuccess()) {
        TenantApiException e = errorOf(ex);
        if (e.isNotFound()) {
          throw new TenantApiException(e.kind(), e.statusCode(), "Code modules "
              + (zip.isLatest() ? "latest" : zip.version()) + " (" + zip.flavor().value() + ", " + zip.arch().query()
              + ") are not available on the tenant (HTTP 404).", e.serverErrors(), null, e);
        }
        throw e;
      }
      MessageDigest sha = sha256();
      long size = 0;
      byte[] buf = new byte[64 * 1024];
      while (true) {
        int n;
        try {
          n = ex.body().read(buf);
        } catch (IOException e) {
          throw http.ioError(req, ex.uri(), e);
        }
        if (n == -1) {
          break;
        }
        try {
          out.write(buf, 0, n);
        } catch (IOException e) {
          throw new UncheckedIOException("Cannot write the code-modules zip: " + e.getMessage(), e);
        }
        sha.update(buf, 0, n);
        size += n;
      }
      long announced = ex.headers().firstValueAsLong("Content-Length").orElse(-1);
      if (announced >= 0 && announced != size) {
        throw TenantApiException.of(TenantErrorKind.TRANSIENT, req.method() + " " + req.path() + " delivered " + size
            + " bytes, but Content-Length announced " + announced + ".");
      }
      String hex = HexFormat.of().formatHex(sha.digest());
      LOG.info("Downloaded code modules {} ({} bytes, sha256 {})", zip.isLatest() ? "latest" : zip.version(), size, hex);
      return new DownloadResult(size, hex);
    }
  }

  /** #6/#7 into {@code target}, through a temporary file in the same directory so a failed download leaves nothing. */
  public DownloadResult downloadCodeModules(ZipRequest zip, Path target) {
    Path dir = target.toAbsolutePath().getParent();
    Path tmp;
    try {
      Files.createDirectories(dir);
      tmp = Files.createTempFile(dir, target.getFileName().toString() + ".", ".part");
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create a temporary file next to " + target + ": " + e.getMessage(), e);
    }
    try {
      DownloadResult result;
      try (OutputStream out = Files.newOutputStream(tmp)) {
        result = downloadCodeModules(zip, out);
      }
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return result;
    } catch (IOException e) {
      deleteQuietly(tmp);
      throw new UncheckedIOException("Cannot write " + target + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      deleteQuietly(tmp);
      throw e;
    }
  }

  /** Forgets every cached answer (the operator calls it when an input of the throttling changed). */
  public void clearCache() {
    cache.clear();
  }

  @Override
  public void close() {
    http.close();
  }

  private <T> T callJson(TenantRequest req, Class<T> type, Function<JsonNode, T> parse, Predicate<T> cacheable) {
    ResponseCache.Key key = req.isGet() ? new ResponseCache.Key(req.method(), req.uri(config.apiUrl()), req.tokenKind()) : null;
    if (key != null) {
      Optional<T> hit = cache.get(key, type);
      if (hit.isPresent()) {
        LOG.debug("{} {} answered from cache", req.method(), req.path());
        return hit.get();
      }
    }
    T value = parse.apply(fetchJson(req));
    if (key != null && cacheable.test(value)) {
      cache.put(key, value);
    }
    return value;
  }

  private JsonNode fetchJson(TenantRequest req) {
    try (TenantHttp.Exchange ex = http.send(req)) {
      if (!ex.isSuccess()) {
        throw errorOf(ex);
      }
      String body = http.readText(ex, MAX_JSON_BYTES);
      try {
        JsonNode json = JSON.readTree(body);
        if (json == null || !json.isObject()) {
          throw TenantApiException.of(TenantErrorKind.TRANSIENT,
              req.method() + " " + req.path() + " answered " + (json == null ? "an empty body" : "JSON that is not an object") + ".");
        }
        return json;
      } catch (JsonProcessingException e) {
        throw TenantApiException.of(TenantErrorKind.TRANSIENT,
            req.method() + " " + req.path() + " answered invalid JSON: " + e.getOriginalMessage(), e);
      }
    }
  }

  private TenantApiException errorOf(TenantHttp.Exchange ex) {
    String body;
    try {
      body = http.readText(ex, MAX_ERROR_BYTES);
    } catch (TenantApiException e) {
      // the status is what matters; an unreadable error body only loses the detail
      body = "";
    }
    return ErrorBodies.toException(ex.request().method(), ex.request().path(), ex.status(), body,
        ex.headers().firstValue("Retry-After").orElse(null), config.clock());
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  private static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException ignored) {
      // a leftover .part file is harmless and replaced by the next attempt
    }
  }
}
