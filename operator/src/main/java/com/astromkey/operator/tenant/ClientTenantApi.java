package com.astromkey.operator.tenant;

import com.astromkey.domain.codemodules.CodeModulesFlavor;
import com.astromkey.tenant.ActiveGateToken;
import com.astromkey.tenant.Arch;
import com.astromkey.tenant.ConnectionInfo;
import com.astromkey.tenant.ProcessModuleConfig;
import com.astromkey.tenant.TenantClient;
import com.astromkey.tenant.TokenScopes;

/** {@link TenantApi} over the real {@link TenantClient}. */
public final class ClientTenantApi implements TenantApi {
  private final TenantClient client;

  public ClientTenantApi(TenantClient client) {
    this.client = client;
  }

  TenantClient client() {
    return client;
  }

  @Override
  public TokenScopes tokenScopes(String tokenToCheck) {
    return client.tokenScopes(tokenToCheck);
  }

  @Override
  public ConnectionInfo agentConnectionInfo() {
    return client.agentConnectionInfo();
  }

  @Override
  public ConnectionInfo gatewayConnectionInfo() {
    return client.gatewayConnectionInfo();
  }

  @Override
  public String latestAgentVersion() {
    return client.latestAgentVersion();
  }

  @Override
  public String latestCodeModulesVersion(Arch arch) {
    return client.latestCodeModulesVersion(CodeModulesFlavor.MULTIDISTRO, arch);
  }

  @Override
  public String latestGatewayVersion() {
    return client.latestGatewayVersion();
  }

  @Override
  public ProcessModuleConfig processModuleConfig(String hostGroup) {
    return client.processModuleConfig(hostGroup);
  }

  @Override
  public ActiveGateToken createActiveGateToken(String dynaKubeName) {
    return client.createActiveGateToken(dynaKubeName);
  }

}
