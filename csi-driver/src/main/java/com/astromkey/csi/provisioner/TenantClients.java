package com.astromkey.csi.provisioner;

import com.astromkey.domain.dynakube.DynaKube;
import com.astromkey.domain.names.ObjectNames;
import com.astromkey.domain.names.SecretKeys;
import com.astromkey.tenant.Component;
import com.astromkey.tenant.NoProxy;
import com.astromkey.tenant.ProxyConfig;
import com.astromkey.tenant.TenantClient;
import com.astromkey.tenant.TenantClientConfig;
import com.astromkey.tenant.TenantTokens;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/** Opens the tenant client of one zip install from the DynaKube's apiUrl, tokens Secret and connection settings. */
public final class TenantClients {
  private final Duration connectTimeout;
  private final Duration readTimeout;
  private final String operatorVersion;
  private final Clock clock;

  public TenantClients(Duration connectTimeout, Duration readTimeout, String operatorVersion, Clock clock) {
    this.connectTimeout = connectTimeout;
    this.readTimeout = readTimeout;
    this.operatorVersion = operatorVersion;
    this.clock = clock;
  }

  /** Missing tokens are an install failure with the Secret's name; the tokens themselves never appear in a message. */
  public TenantClient open(DynaKube dk, DynaKubeConnection connection, NamespaceObjects objects) throws IOException {
    String secretName = ObjectNames.tokensSecretName(dk);
    String apiToken = DynaKubeConnection.secretValue(objects.secret(secretName), SecretKeys.API_TOKEN)
        .orElseThrow(() -> new IOException("tokens Secret " + secretName + " is missing or has no " + SecretKeys.API_TOKEN));
    String paasToken = DynaKubeConnection.secretValue(objects.secret(secretName), SecretKeys.PAAS_TOKEN).orElse("");
    TenantClientConfig.Builder config = TenantClientConfig.builder(dk.getSpec().getApiUrl(), new TenantTokens(apiToken, paasToken))
        .trustedCaPems(connection.trustedCaPem().map(List::of).orElse(List.of()))
        .skipCertCheck(connection.skipCertCheck())
        .noProxy(NoProxy.of(connection.noProxy()))
        .networkZone(dk.getSpec().getNetworkZone())
        .component(Component.CSI_PROVISIONER)
        .operatorVersion(operatorVersion)
        .connectTimeout(connectTimeout)
        .readTimeout(readTimeout)
        // one download per pass: nothing worth caching
        .requestThreshold(Duration.ZERO)
        .clock(clock);
    connection.proxyUrl().ifPresent(url -> config.proxy(ProxyConfig.parse(url)));
    try {
      return new TenantClient(config.build());
    } catch (IllegalArgumentException e) {
      throw new IOException("tenant connection of DynaKube " + dk.getMetadata().getName() + ": " + e.getMessage(), e);
    }
  }
}
