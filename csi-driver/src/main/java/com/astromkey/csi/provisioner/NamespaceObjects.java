package com.astromkey.csi.provisioner;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;

/** Secrets and ConfigMaps of the provisioner's namespace by name; null when absent (backed by informer caches). */
public interface NamespaceObjects {
  Secret secret(String name);

  ConfigMap configMap(String name);
}
