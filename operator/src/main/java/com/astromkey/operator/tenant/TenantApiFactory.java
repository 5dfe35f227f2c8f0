package com.astromkey.operator.tenant;

import com.astromkey.tenant.TenantClientConfig;

/** Hands out the tenant API of one DynaKube for a client configuration; the same configuration gets the same client. */
public interface TenantApiFactory extends AutoCloseable {
  TenantApi forDynaKube(String dynaKubeUid, TenantClientConfig config);

  /** Drops the client of a deleted DynaKube. */
  void release(String dynaKubeUid);

  @Override
  void close();
}
