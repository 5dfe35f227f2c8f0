package com.astromkey.operator.proxy;

import com.astromkey.domain.dynakube.DynaKube;
import com.astromkey.domain.dynakube.spec.ValueSource;
import com.astromkey.domain.names.Annotations;
import com.astromkey.domain.names.ObjectNames;
import com.astromkey.domain.names.SecretKeys;
import com.astromkey.domain.proxy.ProxyUrl;
import com.astromkey.operator.dynakube.ReconcileRun;
import com.astromkey.operator.kube.ObjectWriter;
import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Step 5: {@code <dk>-internal-proxy} and {@code status.proxyURLHash} when a proxy is configured, else their removal. */
public final class ProxyStep {
  /** The effective proxy URL of {@code spec.proxy}, "" when none resolves (a missing Secret is reported by validation). */
  public static String resolve(DynaKube dk, ObjectWriter kube) {
    ValueSource proxy = dk.getSpec().getProxy();
    if (proxy == null) {
      return "";
    }
    if (proxy.hasValue()) {
      return proxy.getValue().trim();
    }
    if (!proxy.hasValueFrom()) {
      return "";
    }
    Secret secret = kube.get(Secret.class, dk.getMetadata().getNamespace(), proxy.getValueFrom());
    if (secret == null || secret.getData() == null || secret.getData().get(SecretKeys.PROXY) == null) {
      return "";
    }
    return new String(Base64.getDecoder().decode(secret.getData().get(SecretKeys.PROXY)), StandardCharsets.UTF_8).trim();
  }

  public void run(ReconcileRun run) {
    ProxyUrl parsed = parse(run.proxyUrl());
    if (parsed == null) {
      run.kube().delete(Secret.class, run.namespace(), ObjectNames.internalProxySecretName(run.dk()));
      run.status().setProxyURLHash(null);
      return;
    }
    run.kube().apply(ProxySecret.build(run.dk(), parsed), Annotations.CONTENT_HASH);
    run.status().setProxyURLHash(ProxySecret.urlHash(run.proxyUrl()));
  }

  static ProxyUrl parse(String url) {
    if (url == null || url.isEmpty()) {
      return null;
    }
    try {
      return ProxyUrl.parse(url);
    } catch (IllegalArgumentException e) {
      // reported by validation (AKV-060); agents get no proxy rather than a broken one
      return null;
    }
  }
}
