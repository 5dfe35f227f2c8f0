package com.astromkey.operator.tenant;

import com.astromkey.operator.metrics.OperatorMetrics;
import com.astromkey.tenant.ActiveGateToken;
import com.astromkey.tenant.Arch;
import com.astromkey.tenant.ConnectionInfo;
import com.astromkey.tenant.Flavor;
import com.astromkey.tenant.ProcessModuleConfig;
import com.astromkey.tenant.TenantApiException;
import com.astromkey.tenant.TenantClient;
import com.astromkey.tenant.TokenScopes;
import java.util.function.Supplier;

/** {@link TenantApi} over the real {@link TenantClient}, counting each call by endpoint number and outcome (operator.md §14). */
public final class ClientTenantApi implements TenantApi {
  private final TenantClient client;
  private final OperatorMetrics metrics;

  public ClientTenantApi(TenantClient client, OperatorMetrics metrics) {
    this.client = client;
    this.metrics = metrics;
  }

  TenantClient client() {
    return client;
  }

  @Override
  public TokenScopes tokenScopes(String tokenToCheck) {
    return counted("1", () -> client.tokenScopes(tokenToCheck));
  }

  @Override
  public ConnectionInfo agentConnectionInfo() {
    return counted("2", client::agentConnectionInfo);
  }

  @Override
  public ConnectionInfo gatewayConnectionInfo() {
    return counted("3", client::gatewayConnectionInfo);
  }

  @Override
  public String latestAgentVersion() {
    return counted("4a", client::latestAgentVersion);
  }

  @Override
  public String latestCodeModulesVersion(Arch arch) {
    return counted("4b", () -> client.latestCodeModulesVersion(Flavor.MULTIDISTRO, arch));
  }

  @Override
  public String latestGatewayVersion() {
    return counted("5", client::latestGatewayVersion);
  }

  @Override
  public ProcessModuleConfig processModuleConfig(String hostGroup) {
    return counted("9", () -> client.processModuleConfig(hostGroup));
  }

  @Override
  public ActiveGateToken createActiveGateToken(String dynaKubeName) {
    return counted("11", () -> client.createActiveGateToken(dynaKubeName));
  }

  private <T> T counted(String endpoint, Supplier<T> call) {
    try {
      T result = call.get();
      metrics.tenantRequest(endpoint, "200");
      return result;
    } catch (TenantApiException e) {
      metrics.tenantRequest(endpoint, e.statusCode() == 0 ? "io_error" : Integer.toString(e.statusCode()));
      throw e;
    }
  }
}
