package com.astromkey.domain.feature;

import com.astromkey.domain.names.Annotations;
import java.util.Optional;

/** Every feature-flag annotation this operator knows (api-dynakube-v1beta5.md §6), with its status and default. */
public enum FeatureFlag {
  NODE_IMAGE_PULL("node-image-pull", Status.SUPPORTED, "false"),
  AUTOMATIC_INJECTION("automatic-injection", Status.SUPPORTED, "true"),
  /** The default depends on the DynaKube namespace, see {@link FeatureFlags#defaultIgnoredNamespaces(String)}. */
  IGNORED_NAMESPACES("ignored-namespaces", Status.SUPPORTED, null),
  INJECTION_FAILURE_POLICY("injection-failure-policy", Status.SUPPORTED, "silent"),
  MAX_CSI_MOUNT_TIMEOUT("max-csi-mount-timeout", Status.SUPPORTED, "10m"),
  ONEAGENT_INITIAL_CONNECT_RETRY_MS("oneagent-initial-connect-retry-ms", Status.SUPPORTED, "-1"),
  ONEAGENT_PRIVILEGED("oneagent-privileged", Status.SUPPORTED, "false"),
  ONEAGENT_SKIP_LIVENESS_PROBE("oneagent-skip-liveness-probe", Status.SUPPORTED, "false"),
  ACTIVEGATE_UPDATES("activegate-updates", Status.SUPPORTED, "true"),
  NO_PROXY("no-proxy", Status.SUPPORTED, ""),
  REPLICATE_PULL_SECRET("replicate-pull-secret", Status.SUPPORTED, "true"),
  SIGNATURE_VERIFICATION("signature-verification", Status.SUPPORTED, "Helm signatureVerification.mode"),

  INIT_CONTAINER_SECCOMP_PROFILE("init-container-seccomp-profile", Status.DEPRECATED,
      "the init container always uses the RuntimeDefault seccomp profile"),
  MAX_CSI_MOUNT_ATTEMPTS("max-csi-mount-attempts", Status.DEPRECATED,
      "use " + Annotations.FEATURE_FLAG_PREFIX + "max-csi-mount-timeout instead"),
  ONEAGENT_MAX_UNAVAILABLE("oneagent-max-unavailable", Status.DEPRECATED,
      "the OneAgent DaemonSet always uses maxUnavailable 1"),
  ONEAGENT_IGNORE_PROXY("oneagent-ignore-proxy", Status.DEPRECATED, "remove them from the DynaKube annotations"),
  ACTIVEGATE_IGNORE_PROXY("activegate-ignore-proxy", Status.DEPRECATED, "remove them from the DynaKube annotations"),

  AUTOMATIC_TLS_CERTIFICATE("automatic-tls-certificate", Status.LATER, null),
  ACTIVEGATE_APPARMOR("activegate-apparmor", Status.LATER, null),
  USE_PUBLIC_REGISTRY("use-public-registry", Status.LATER, null),
  AUTOMATIC_KUBERNETES_API_MONITORING("automatic-kubernetes-api-monitoring", Status.LATER, null),
  AUTOMATIC_KUBERNETES_API_MONITORING_CLUSTER_NAME("automatic-kubernetes-api-monitoring-cluster-name", Status.LATER, null),
  LABEL_VERSION_DETECTION("label-version-detection", Status.LATER, null),
  ENABLE_ATTRIBUTES_AK_KUBERNETES("enable-attributes-ak.kubernetes", Status.LATER, null),
  K8S_APP_ENABLED("k8s-app-enabled", Status.LATER, null);

  /** Whether a flag works, is accepted without effect (AKW-007) or belongs to a later release (AKW-012). */
  public enum Status { SUPPORTED, DEPRECATED, LATER }

  private final String name;
  private final Status status;
  private final String defaultOrHint;

  FeatureFlag(String name, Status status, String defaultOrHint) {
    this.name = name;
    this.status = status;
    this.defaultOrHint = defaultOrHint;
  }

  /** The name after the prefix, e.g. {@code node-image-pull}. */
  public String flagName() {
    return name;
  }

  /** The full annotation key, e.g. {@code feature.astromkey.com/node-image-pull}. */
  public String key() {
    return Annotations.featureFlag(name);
  }

  public Status status() {
    return status;
  }

  /** The default as written in the spec, for supported flags with a fixed default. */
  public String defaultText() {
    return status == Status.SUPPORTED ? defaultOrHint : null;
  }

  /** What to do instead, for deprecated flags (completes the AKW-007 message). */
  public String replacementHint() {
    return status == Status.DEPRECATED ? defaultOrHint : null;
  }

  public static Optional<FeatureFlag> byKey(String annotationKey) {
    for (FeatureFlag flag : values()) {
      if (flag.key().equals(annotationKey)) {
        return Optional.of(flag);
      }
    }
    return Optional.empty();
  }
}
