package com.astromkey.tenant;

import com.astromkey.sandbox.tenant.SimToken;
import com.astromkey.sandbox.tenant.TenantSimState;
import com.astromkey.sandbox.tenant.TenantSimulator;
import java.util.List;

/** Builds clients that trust a simulator's CA, for the ITs. */
final class SimClients {
  static final String PAAS_TOKEN = TenantSimState.DEFAULT_PAAS_TOKEN;
  static final String API_TOKEN = TenantSimState.DEFAULT_API_TOKEN;

  private SimClients() {}

  static TenantClientConfig.Builder config(TenantSimulator sim, TenantTokens tokens) {
    return TenantClientConfig.builder(sim.apiUrl(), tokens)
        .trustedCaPems(List.of(sim.caPem()))
        .operatorVersion("1.2.3");
  }

  static TenantClientConfig.Builder config(TenantSimulator sim) {
    return config(sim, TenantTokens.apiOnly(API_TOKEN));
  }

  /** Registers the default PaaS token (InstallerDownload only) with the simulator. */
  static void addPaasToken(TenantSimulator sim) {
    sim.state().addToken(PAAS_TOKEN, new SimToken("paas", "paas", List.of(SimToken.INSTALLER_DOWNLOAD)));
  }
}
