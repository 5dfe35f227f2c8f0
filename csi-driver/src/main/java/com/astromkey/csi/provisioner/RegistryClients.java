package com.astromkey.csi.provisioner;

import com.astromkey.oci.RegistryClient;
import com.astromkey.oci.extract.ExtractionLimits;
import com.astromkey.oci.keychain.Keychain;
import com.astromkey.oci.transport.ProxyConfig;
import com.astromkey.oci.transport.RetryPolicy;
import com.astromkey.oci.transport.TrustConfig;
import java.time.Duration;
import java.util.function.Supplier;

/** Builds the registry client of one pass from the DynaKube's connection settings (registry.md §2–§4). */
public final class RegistryClients {
  private final Duration connectTimeout;
  private final Duration readTimeout;
  private final String userAgent;
  private final RetryPolicy retryPolicy;
  private final ExtractionLimits limits;

  /** {@code limits}: the decompression-bomb limits of registry.md §8 ({@code AK_EXTRACT_MAX_BYTES}), as for zip installs. */
  public RegistryClients(Duration connectTimeout, Duration readTimeout, String operatorVersion, RetryPolicy retryPolicy,
      ExtractionLimits limits) {
    this.connectTimeout = connectTimeout;
    this.readTimeout = readTimeout;
    this.userAgent = "astromkey-operator/" + operatorVersion + " (csi-provisioner)";
    this.retryPolicy = retryPolicy;
    this.limits = limits;
  }

  /** The keychain supplier is asked on every operation, so a rotated pull secret applies at the next request. */
  public RegistryClient build(DynaKubeConnection connection, Supplier<Keychain> keychain) {
    TrustConfig trust = connection.skipCertCheck() ? TrustConfig.insecure()
        : connection.trustedCaPem().map(TrustConfig::withPem).orElseGet(TrustConfig::systemDefaults);
    ProxyConfig proxy = connection.proxyUrl().map(url -> ProxyConfig.parse(url, null, null, connection.noProxy())).orElse(null);
    return RegistryClient.builder()
        .trust(trust)
        .proxy(proxy)
        .connectTimeout(connectTimeout)
        .readTimeout(readTimeout)
        .userAgent(userAgent)
        .retryPolicy(retryPolicy)
        .keychain(keychain)
        .extractionLimits(limits)
        .build();
  }
}
