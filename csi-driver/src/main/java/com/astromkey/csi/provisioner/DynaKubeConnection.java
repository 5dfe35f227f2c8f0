package com.astromkey.csi.provisioner;

import com.astromkey.domain.dynakube.DynaKube;
import com.astromkey.domain.dynakube.spec.ValueSource;
import com.astromkey.domain.feature.FeatureFlags;
import com.astromkey.domain.names.SecretKeys;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * The connection settings a DynaKube gives every client of the provisioner: proxy URL (inline or from its Secret),
 * no-proxy list, {@code trustedCAs} PEM from ConfigMap key {@code certs}, and {@code skipCertCheck}.
 */
public record DynaKubeConnection(Optional<String> proxyUrl, List<String> noProxy, Optional<String> trustedCaPem,
    boolean skipCertCheck) {

  /** Missing referenced objects are treated as unset: the operator reports them; a change enqueues the DynaKube again. */
  public static DynaKubeConnection of(DynaKube dk, NamespaceObjects objects) {
    Optional<String> proxy = Optional.empty();
    ValueSource source = dk.getSpec().getProxy();
    if (source != null && source.hasValue()) {
      proxy = Optional.of(source.getValue().trim());
    } else if (source != null && source.hasValueFrom()) {
      proxy = secretValue(objects.secret(source.getValueFrom()), SecretKeys.PROXY);
    }
    String noProxyFlag = FeatureFlags.of(dk).noProxy();
    List<String> noProxy = noProxyFlag == null || noProxyFlag.isBlank() ? List.of()
        : List.of(noProxyFlag.split(",")).stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
    Optional<String> pem = Optional.empty();
    String trusted = dk.getSpec().getTrustedCAs();
    if (trusted != null && !trusted.isBlank()) {
      ConfigMap cm = objects.configMap(trusted.trim());
      if (cm != null && cm.getData() != null) {
        pem = Optional.ofNullable(cm.getData().get(SecretKeys.TRUSTED_CAS_CERTS)).filter(s -> !s.isBlank());
      }
    }
    return new DynaKubeConnection(proxy.filter(s -> !s.isEmpty()), noProxy, pem, dk.getSpec().skipsCertCheck());
  }

  static Optional<String> secretValue(Secret secret, String key) {
    if (secret == null) return Optional.empty();
    if (secret.getStringData() != null && secret.getStringData().containsKey(key)) {
      return Optional.of(secret.getStringData().get(key).trim());
    }
    if (secret.getData() == null || !secret.getData().containsKey(key)) return Optional.empty();
    return Optional.of(new String(Base64.getMimeDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8).trim());
  }

  @Override
  public String toString() {
    // the proxy URL may carry credentials
    return "DynaKubeConnection[proxy=" + (proxyUrl.isPresent() ? "set" : "none") + ", noProxy=" + noProxy
        + ", trustedCAs=" + trustedCaPem.isPresent() + ", skipCertCheck=" + skipCertCheck + "]";
  }
}
