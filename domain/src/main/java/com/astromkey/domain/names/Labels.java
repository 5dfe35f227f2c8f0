package com.astromkey.domain.names;

/** Label keys and fixed label values put on or read from Kubernetes objects. */
public final class Labels {
  /** On namespaces: the DynaKube that injects into them. */
  public static final String DYNAKUBE_INSTANCE = "dynakube.internal.astromkey.com/instance";

  public static final String APP_NAME = "app.kubernetes.io/name";
  public static final String APP_COMPONENT = "app.kubernetes.io/component";
  public static final String APP_MANAGED_BY = "app.kubernetes.io/managed-by";
  public static final String APP_CREATED_BY = "app.kubernetes.io/created-by";
  public static final String APP_VERSION = "app.kubernetes.io/version";

  public static final String MANAGED_BY_OPERATOR = "astromkey-operator";

  public static final String NAME_ONEAGENT = "oneagent";
  public static final String NAME_ACTIVEGATE = "activegate";

  public static final String COMPONENT_OPERATOR = "operator";
  public static final String COMPONENT_INJECTION = "injection";
  public static final String COMPONENT_CODEMODULE_DOWNLOAD = "codemodule-download";
  public static final String COMPONENT_ACTIVEGATE = "activegate";
  public static final String COMPONENT_CLASSIC_FULL_STACK = "classicfullstack";
  public static final String COMPONENT_CLOUD_NATIVE_FULL_STACK = "cloudnativefullstack";
  public static final String COMPONENT_HOST_MONITORING = "hostmonitoring";

  public static final String INTERNAL_APP = "internal.astromkey.com/app";
  public static final String INTERNAL_COMPONENT = "internal.astromkey.com/component";
  public static final String INTERNAL_WEBHOOK = "webhook";

  public static final String KUBERNETES_OS = "kubernetes.io/os";
  public static final String KUBERNETES_ARCH = "kubernetes.io/arch";
  public static final String KUBERNETES_HOSTNAME = "kubernetes.io/hostname";
  public static final String KUBERNETES_NAMESPACE_NAME = "kubernetes.io/metadata.name";
  public static final String TOPOLOGY_ZONE = "topology.kubernetes.io/zone";

  /** Selector of the cluster-wide informer on replicated injection Secrets. */
  public static final String INJECTION_REPLICA_SELECTOR =
      APP_MANAGED_BY + "=" + MANAGED_BY_OPERATOR + "," + APP_COMPONENT + "=" + COMPONENT_INJECTION;

  private Labels() {}
}
