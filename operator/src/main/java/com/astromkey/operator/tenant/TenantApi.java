package com.astromkey.operator.tenant;

import com.astromkey.tenant.ActiveGateToken;
import com.astromkey.tenant.Arch;
import com.astromkey.tenant.ConnectionInfo;
import com.astromkey.tenant.ProcessModuleConfig;
import com.astromkey.tenant.TokenScopes;

/**
 * The tenant calls the operator makes (tenant-api.md §2), one method per endpoint. Failures are
 * {@link com.astromkey.tenant.TenantApiException}s; tests substitute a fake.
 */
public interface TenantApi {
  /** #1. */
  TokenScopes tokenScopes(String tokenToCheck);

  /** #2; empty means postponed. */
  ConnectionInfo agentConnectionInfo();

  /** #3; empty means postponed. */
  ConnectionInfo gatewayConnectionInfo();

  /** #4a. */
  String latestAgentVersion();

  /** #4b, flavor multidistro. */
  String latestCodeModulesVersion(Arch arch);

  /** #5. */
  String latestGatewayVersion();

  /** #9. */
  ProcessModuleConfig processModuleConfig(String hostGroup);

  /** #11. */
  ActiveGateToken createActiveGateToken(String dynaKubeName);
}
