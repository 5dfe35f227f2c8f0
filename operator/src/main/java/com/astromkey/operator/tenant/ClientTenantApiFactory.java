package com.astromkey.operator.tenant;

import com.astromkey.operator.metrics.OperatorMetrics;
import com.astromkey.tenant.TenantClient;
import com.astromkey.tenant.TenantClientConfig;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One {@link TenantClient} per DynaKube, kept while its configuration is unchanged so that the client's response cache
 * (TTL = {@code astromkeyApiRequestThreshold}) does the throttling of operator.md §3.3; a changed input (API URL, tokens,
 * zone, proxy, CAs) builds a new client with an empty cache. Every HTTP exchange (cache hits excluded) is counted in
 * {@code astromkey_operator_tenant_requests_total}.
 */
public final class ClientTenantApiFactory implements TenantApiFactory {
  private final OperatorMetrics metrics;
  private final Map<String, ClientTenantApi> clients = new ConcurrentHashMap<>();

  public ClientTenantApiFactory(OperatorMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public TenantApi forDynaKube(String dynaKubeUid, TenantClientConfig config) {
    return clients.compute(dynaKubeUid, (uid, existing) -> {
      if (existing != null && existing.client().config().equals(config)) {
        return existing;
      }
      if (existing != null) {
        existing.client().close();
      }
      return new ClientTenantApi(new TenantClient(config,
          (endpoint, code, duration) -> metrics.tenantRequest(endpoint, code)));
    });
  }

  @Override
  public void release(String dynaKubeUid) {
    ClientTenantApi api = clients.remove(dynaKubeUid);
    if (api != null) {
      api.client().close();
    }
  }

  @Override
  public void close() {
    clients.values().forEach(api -> api.client().close());
    clients.clear();
  }
}
