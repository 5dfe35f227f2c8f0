package com.astromkey.operator.testing;

import com.astromkey.operator.tenant.TenantApi;
import com.astromkey.operator.tenant.TenantApiFactory;
import com.astromkey.tenant.ActiveGateToken;
import com.astromkey.tenant.Arch;
import com.astromkey.tenant.CommunicationEndpoint;
import com.astromkey.tenant.ConnectionInfo;
import com.astromkey.tenant.ProcessModuleConfig;
import com.astromkey.tenant.TenantApiException;
import com.astromkey.tenant.TenantClientConfig;
import com.astromkey.tenant.TenantErrorKind;
import com.astromkey.tenant.TokenScopes;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** A tenant with settable answers and failures per endpoint, counting calls; also its own factory. */
public final class FakeTenantApi implements TenantApi, TenantApiFactory {
  public static final String TENANT_UUID = "abc12345";

  public volatile String latestAgentVersion = "1.301.0.20240915-120000";
  public volatile String latestCodeModulesVersion = "1.301.0.20240915-120000";
  public volatile String latestGatewayVersion = "1.301.2.20240916-080000";
  public volatile ConnectionInfo agentInfo = new ConnectionInfo(TENANT_UUID, "tt-agent", "https://t/communication",
      List.of(new CommunicationEndpoint("https", "t", 443)));
  public volatile ConnectionInfo gatewayInfo = new ConnectionInfo(TENANT_UUID, "tt-ag", "https://t/communication", List.of());
  public volatile List<String> scopes = List.of(TokenScopes.INSTALLER_DOWNLOAD, TokenScopes.ACTIVE_GATE_TOKEN_CREATE);
  private final Map<String, TenantApiException> failures = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

  /** Makes endpoint {@code number} (tenant-api.md §2) fail until {@link #heal}. */
  public void fail(String endpoint, int status, Duration retryAfter) {
    TenantErrorKind kind = status == 401 ? TenantErrorKind.TOKEN_INVALID : status == 403 ? TenantErrorKind.MISSING_SCOPE
        : status == 429 || status == 503 ? TenantErrorKind.UNAVAILABLE : TenantErrorKind.TRANSIENT;
    failures.put(endpoint, new TenantApiException(kind, status, "HTTP " + status, List.of(), retryAfter, null));
  }

  public void heal() {
    failures.clear();
  }

  public int calls(String endpoint) {
    AtomicInteger count = calls.get(endpoint);
    return count == null ? 0 : count.get();
  }

  @Override
  public TokenScopes tokenScopes(String tokenToCheck) {
    call("1");
    return new TokenScopes(scopes);
  }

  @Override
  public ConnectionInfo agentConnectionInfo() {
    call("2");
    return agentInfo;
  }

  @Override
  public ConnectionInfo gatewayConnectionInfo() {
    call("3");
    return gatewayInfo;
  }

  @Override
  public String latestAgentVersion() {
    call("4a");
    return latestAgentVersion;
  }

  @Override
  public String latestCodeModulesVersion(Arch arch) {
    call("4b");
    return latestCodeModulesVersion;
  }

  @Override
  public String latestGatewayVersion() {
    call("5");
    return latestGatewayVersion;
  }

  @Override
  public ProcessModuleConfig processModuleConfig(String hostGroup) {
    call("9");
    return new ProcessModuleConfig(7, List.of(new ProcessModuleConfig.Property("general", "logDir", "../log")));
  }

  @Override
  public ActiveGateToken createActiveGateToken(String dynaKubeName) {
    call("11");
    return new ActiveGateToken("id", "ag-token", Instant.now().plus(Duration.ofDays(60)));
  }

  @Override
  public TenantApi forDynaKube(String dynaKubeUid, TenantClientConfig config) {
    return this;
  }

  @Override
  public void release(String dynaKubeUid) {}

  @Override
  public void close() {}

  private void call(String endpoint) {
    calls.computeIfAbsent(endpoint, e -> new AtomicInteger()).incrementAndGet();
    TenantApiException failure = failures.get(endpoint);
    if (failure != null) {
      throw failure;
    }
  }
}
