package com.astromkey.csi.provisioner;

import com.astromkey.csi.cli.Args;
import com.astromkey.domain.duration.DurationFormatException;
import com.astromkey.domain.duration.Durations;
import com.astromkey.domain.feature.SignatureMode;
import com.astromkey.domain.modules.ModulesConfig;
import com.astromkey.domain.names.EnvVars;
import com.astromkey.domain.names.ObjectNames;
import com.astromkey.domain.names.PathNames;
import com.astromkey.oci.Platform;
import com.astromkey.oci.transport.RetryPolicy;
import io.fabric8.kubernetes.api.model.Quantity;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Typed configuration of {@code csi-provisioner} from its arguments and environment (csi-driver.md §2, §5–§7). */
public record ProvisionerConfig(
    String namespace,
    String nodeName,
    Path dataDir,
    int healthPort,
    int metricsPort,
    Optional<String> operatorPullSecret,
    ModulesConfig modules,
    Duration cleanupPeriod,
    long cacheBudgetBytes,
    Duration digestRecheckPeriod,
    int maxParallelInstalls,
    Duration connectTimeout,
    Duration readTimeout,
    Optional<Platform> platformOverride,
    String operatorVersion,
    Path kubeletDir,
    JobSettings jobSettings,
    SignatureMode signatureMode,
    String signatureKeysConfigMap,
    double devTimeScale) {

  static final String USAGE = "usage: csi-provisioner [--health-port=10090] [--metrics-port=8090] [--kubelet-dir=/var/lib/kubelet]"
      + " (namespace from " + EnvVars.POD_NAMESPACE + ", node from " + EnvVars.AK_NODE_NAME + ")";
  static final int DEFAULT_HEALTH_PORT = 10090;
  static final int DEFAULT_METRICS_PORT = 8090;
  static final Duration DEFAULT_CLEANUP_PERIOD = Duration.ofMinutes(30);
  static final Duration DEFAULT_DIGEST_RECHECK_PERIOD = Duration.ofMinutes(30);
  static final int DEFAULT_MAX_PARALLEL_INSTALLS = 2;
  static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
  static final Duration DEFAULT_READ_TIMEOUT = Duration.ofMinutes(15);
  static final String DEFAULT_KUBELET_DIR = "/var/lib/kubelet";

  /** Without a dev time scale (production timing). */
  public ProvisionerConfig(String namespace, String nodeName, Path dataDir, int healthPort, int metricsPort,
      Optional<String> operatorPullSecret, ModulesConfig modules, Duration cleanupPeriod, long cacheBudgetBytes,
      Duration digestRecheckPeriod, int maxParallelInstalls, Duration connectTimeout, Duration readTimeout,
      Optional<Platform> platformOverride, String operatorVersion, Path kubeletDir, JobSettings jobSettings,
      SignatureMode signatureMode, String signatureKeysConfigMap) {
    this(namespace, nodeName, dataDir, healthPort, metricsPort, operatorPullSecret, modules, cleanupPeriod, cacheBudgetBytes,
        digestRecheckPeriod, maxParallelInstalls, connectTimeout, readTimeout, platformOverride, operatorVersion, kubeletDir,
        jobSettings, signatureMode, signatureKeysConfigMap, 1.0);
  }

  public static ProvisionerConfig from(String[] argv, Map<String, String> env) {
    Args args = Args.parse(argv, Set.of("health-port", "metrics-port", "kubelet-dir"));
    String namespace = required(env, EnvVars.POD_NAMESPACE);
    String node = required(env, EnvVars.AK_NODE_NAME);
    int maxParallel = integer(env, EnvVars.AK_CSI_MAX_PARALLEL_INSTALLS, DEFAULT_MAX_PARALLEL_INSTALLS);
    if (maxParallel < 1) throw new IllegalArgumentException(EnvVars.AK_CSI_MAX_PARALLEL_INSTALLS + " must be at least 1");
    Duration cleanup = duration(env, EnvVars.AK_CSI_CLEANUP_PERIOD, DEFAULT_CLEANUP_PERIOD);
    if (cleanup.isZero()) throw new IllegalArgumentException(EnvVars.AK_CSI_CLEANUP_PERIOD + " must be positive");
    return new ProvisionerConfig(
        namespace,
        node,
        Path.of(env.getOrDefault(EnvVars.AK_CSI_DATA_DIR, PathNames.CSI_DATA_DIR)),
        args.intValue("health-port", DEFAULT_HEALTH_PORT),
        args.intValue("metrics-port", DEFAULT_METRICS_PORT),
        Optional.ofNullable(env.get(EnvVars.AK_OPERATOR_PULL_SECRET)).map(String::trim).filter(s -> !s.isEmpty()),
        ModulesConfig.parse(env.get(EnvVars.AK_MODULES_JSON)),
        cleanup,
        bytes(env, EnvVars.AK_CSI_CACHE_BUDGET),
        duration(env, EnvVars.AK_CSI_DIGEST_RECHECK_PERIOD, DEFAULT_DIGEST_RECHECK_PERIOD),
        maxParallel,
        duration(env, EnvVars.AK_CLIENT_CONNECT_TIMEOUT, DEFAULT_CONNECT_TIMEOUT),
        duration(env, EnvVars.AK_CLIENT_READ_TIMEOUT, DEFAULT_READ_TIMEOUT),
        Optional.ofNullable(env.get(EnvVars.AK_PLATFORM)).filter(s -> !s.isBlank()).map(Platform::parse),
        env.getOrDefault(EnvVars.AK_OPERATOR_VERSION, "dev"),
        Path.of(args.get("kubelet-dir").orElse(DEFAULT_KUBELET_DIR)),
        JobSettings.fromHelmJson(env.get(EnvVars.AK_HELM_JSON)),
        signatureMode(env),
        env.getOrDefault(EnvVars.AK_SIGNATURE_KEYS_CONFIGMAP, ObjectNames.SIGNATURE_KEYS_CONFIGMAP).trim(),
        devTimeScale(env));
  }

  /** {@code AK_DEV_TIME_SCALE} counts only together with {@code AK_DEV_MODE=true}, so a stray variable cannot speed up a node. */
  private static double devTimeScale(Map<String, String> env) {
    if (!Boolean.parseBoolean(env.getOrDefault(EnvVars.AK_DEV_MODE, "false").trim())) return 1.0;
    String value = env.get(EnvVars.AK_DEV_TIME_SCALE);
    if (value == null || value.isBlank()) return 1.0;
    try {
      double scale = Double.parseDouble(value.trim());
      if (scale > 0 && Double.isFinite(scale)) return scale;
    } catch (NumberFormatException e) {
      // reported below with the accepted form
    }
    throw new IllegalArgumentException(EnvVars.AK_DEV_TIME_SCALE + " must be a positive number such as 0.01, got '" + value + "'");
  }

  /** registry.md §9 for the provisioner's registry clients, its retry delays scaled like every other backoff. */
  public RetryPolicy registryRetryPolicy() {
    RetryPolicy d = RetryPolicy.DEFAULT;
    return devTimeScale == 1.0 ? d
        : new RetryPolicy(d.maxAttempts(), scaled(d.baseDelay()), scaled(d.maxDelay()), d.jitter(), d.maxRetryAfter());
  }

  /** A requeue or backoff delay of the provisioner, scaled by the test-only {@code AK_DEV_TIME_SCALE}. */
  public Duration scaled(Duration delay) {
    if (devTimeScale == 1.0) return delay;
    return Duration.ofMillis(Math.max(1, Math.round(delay.toMillis() * devTimeScale)));
  }

  private static SignatureMode signatureMode(Map<String, String> env) {
    String value = env.getOrDefault(EnvVars.AK_SIGNATURE_MODE, "off");
    return SignatureMode.parse(value).orElseThrow(() -> new IllegalArgumentException(
        EnvVars.AK_SIGNATURE_MODE + " must be off, warn or enforce, got '" + value + "'"));
  }

  private static String required(Map<String, String> env, String name) {
    String value = env.get(name);
    if (value == null || value.isBlank()) throw new IllegalArgumentException("environment variable " + name + " is required");
    return value.trim();
  }

  private static int integer(Map<String, String> env, String name, int defaultValue) {
    String value = env.get(name);
    if (value == null || value.isBlank()) return defaultValue;
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a whole number, got '" + value + "'");
    }
  }

  private static Duration duration(Map<String, String> env, String name, Duration defaultValue) {
    String value = env.get(name);
    if (value == null || value.isBlank()) return defaultValue;
    try {
      return Durations.parse(value);
    } catch (DurationFormatException e) {
      throw new IllegalArgumentException(name + ": " + e.getMessage());
    }
  }

  /** A Kubernetes quantity such as {@code 10Gi}; 0 or unset means no budget. */
  private static long bytes(Map<String, String> env, String name) {
    String value = env.get(name);
    if (value == null || value.isBlank()) return 0;
    try {
      long result = Quantity.getAmountInBytes(new Quantity(value.trim())).longValueExact();
      if (result < 0) throw new IllegalArgumentException(name + " must not be negative, got '" + value + "'");
      return result;
    } catch (ArithmeticException | IllegalArgumentException e) {
      throw new IllegalArgumentException(name + " must be a quantity such as 10Gi, got '" + value + "'");
    }
  }

  /** The data dir as the node sees it, for the hostPath of node-image-pull Jobs (csi-driver.md §2). */
  public Path hostDataDir() {
    return kubeletDir.resolve("plugins").resolve(ObjectNames.CSI_DRIVER).resolve("data");
  }

  @Override
  public String toString() {
    // the pull secret is a name, never its content
    return "namespace=" + namespace + " node=" + nodeName + " data-dir=" + dataDir + " health-port=" + healthPort
        + " metrics-port=" + metricsPort + " operator-pull-secret=" + operatorPullSecret.orElse("<none>")
        + " csi-driver-module=" + modules.csiDriver() + " cleanup-period=" + Durations.format(cleanupPeriod)
        + " cache-budget=" + (cacheBudgetBytes == 0 ? "unlimited" : cacheBudgetBytes + "B")
        + " digest-recheck-period=" + Durations.format(digestRecheckPeriod) + " max-parallel-installs=" + maxParallelInstalls
        + " connect-timeout=" + Durations.format(connectTimeout) + " read-timeout=" + Durations.format(readTimeout)
        + " platform=" + platformOverride.map(Platform::toString).orElse("<node label>") + " kubelet-dir=" + kubeletDir
        + " signature-mode=" + signatureMode.text() + " signature-keys-configmap=" + signatureKeysConfigMap
        + (devTimeScale == 1.0 ? "" : " dev-time-scale=" + devTimeScale);
  }
}
