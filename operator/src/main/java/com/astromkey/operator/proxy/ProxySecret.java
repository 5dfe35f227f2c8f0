package com.astromkey.operator.proxy;

import com.astromkey.domain.dynakube.DynaKube;
import com.astromkey.domain.names.Labels;
import com.astromkey.domain.names.ObjectNames;
import com.astromkey.domain.names.SecretKeys;
import com.astromkey.domain.proxy.ProxyUrl;
import com.astromkey.operator.kube.Hashes;
import com.astromkey.operator.kube.OwnedObjects;
import com.astromkey.operator.kube.SecretData;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builds {@code <dk>-internal-proxy}, the parsed proxy for the agents (operator.md §6.3), and its status hash. */
public final class ProxySecret {
  private static final int STATUS_HASH_LENGTH = 16;

  private ProxySecret() {}

  public static Secret build(DynaKube dk, ProxyUrl proxy) {
    Map<String, String> data = new LinkedHashMap<>();
    data.put(SecretKeys.PROXY_HOST, proxy.host());
    data.put(SecretKeys.PROXY_PORT, Integer.toString(proxy.port()));
    data.put(SecretKeys.PROXY_USERNAME, proxy.username() == null ? "" : proxy.username());
    data.put(SecretKeys.PROXY_PASSWORD, proxy.password() == null ? "" : proxy.password());
    data.put(SecretKeys.PROXY_SCHEME, proxy.scheme());
    return new SecretBuilder()
        .withMetadata(OwnedObjects.meta(dk, ObjectNames.internalProxySecretName(dk),
            OwnedObjects.labels(dk, null, Labels.COMPONENT_OPERATOR)))
        .withType("Opaque")
        .withData(SecretData.encode(data))
        .build();
  }

  /** {@code status.proxyURLHash}: first 16 hex characters of the SHA-256 of the effective proxy URL. */
  public static String urlHash(String proxyUrl) {
    return Hashes.sha256(proxyUrl).substring(0, STATUS_HASH_LENGTH);
  }
}
