package com.astromkey.domain.names;

/** Annotation keys read from or written to DynaKubes, pods, namespaces and owned objects. */
public final class Annotations {
  public static final String FEATURE_FLAG_PREFIX = "feature.astromkey.com/";

  public static final String INJECT = "astromkey.com/inject";
  public static final String ONEAGENT_INJECT = "oneagent.astromkey.com/inject";
  public static final String ONEAGENT_INJECTED = "oneagent.astromkey.com/injected";
  public static final String ONEAGENT_REASON = "oneagent.astromkey.com/reason";
  public static final String ONEAGENT_DELIVERY = "oneagent.astromkey.com/delivery";
  public static final String ONEAGENT_SKIPPED_CONTAINERS = "oneagent.astromkey.com/skipped-containers";
  public static final String ONEAGENT_INSTALL_PATH = "oneagent.astromkey.com/install-path";
  public static final String ONEAGENT_FLAVOR = "oneagent.astromkey.com/flavor";
  public static final String ONEAGENT_TECHNOLOGIES = "oneagent.astromkey.com/technologies";
  public static final String ONEAGENT_VOLUME_TYPE = "oneagent.astromkey.com/volume-type";
  public static final String ONEAGENT_FAILURE_POLICY = "oneagent.astromkey.com/failure-policy";
  public static final String DYNAKUBE_INJECTED = "dynakube.astromkey.com/injected";
  public static final String DYNAKUBE_REASON = "dynakube.astromkey.com/reason";
  public static final String CONTAINER_INJECT_PREFIX = "container.inject.astromkey.com/";
  public static final String VOLUME_ONEAGENT_BIN_SIZE = "volume.astromkey.com/oneagent-bin";
  public static final String VOLUME_ASTROMKEY_CONFIG_SIZE = "volume.astromkey.com/astromkey-config";
  public static final String INIT_CONTAINER_RUN_AS_USER = "init-container.astromkey.com/securityContext.runAsUser";
  public static final String INIT_CONTAINER_RUN_AS_GROUP = "init-container.astromkey.com/securityContext.runAsGroup";

  public static final String SPEC_HASH = "internal.operator.astromkey.com/spec-hash";
  public static final String CONTENT_HASH = "internal.operator.astromkey.com/content-hash";
  public static final String UNCOVERED_REGISTRIES = "internal.operator.astromkey.com/uncovered-registries";
  public static final String TENANT_TOKEN_HASH = "internal.operator.astromkey.com/tenant-token-hash";
  public static final String PROXY_HASH = "internal.operator.astromkey.com/proxy-hash";
  public static final String CONFIG_HASH = "internal.operator.astromkey.com/config-hash";

  public static final String ONEAGENT_APPARMOR = "container.apparmor.security.beta.kubernetes.io/astromkey-oneagent";
  public static final String AUTOSCALER_DS_EVICTION = "cluster-autoscaler.kubernetes.io/enable-ds-eviction";
  public static final String CHART_DEFAULT_REPOSITORY = "astromkey.com/default-repository";

  private Annotations() {}

  public static String featureFlag(String flag) {
    return FEATURE_FLAG_PREFIX + flag;
  }

  /** {@code container.inject.astromkey.com/<container>}: "false" excludes that container from injection. */
  public static String containerInject(String containerName) {
    return CONTAINER_INJECT_PREFIX + containerName;
  }
}
