package com.astromkey.operator;

import com.astromkey.domain.duration.DurationFormatException;
import com.astromkey.domain.duration.Durations;
import com.astromkey.domain.feature.SignatureMode;
import com.astromkey.domain.modules.ModulesConfig;
import com.astromkey.domain.names.EnvVars;
import com.astromkey.domain.names.ObjectNames;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Typed settings of the {@code operator} mode, built once from the environment (operator.md §1). */
public record OperatorConfig(
    String namespace,
    String podName,
    String operatorImage,
    String helmPullSecret,
    String operatorVersion,
    ModulesConfig modules,
    Duration defaultRequeueAfter,
    Duration connectTimeout,
    Duration readTimeout,
    WebhookCertDurations webhookCerts,
    SignatureMode signatureMode,
    String signatureKeysConfigMap,
    boolean devMode,
    double devTimeScale,
    int healthPort,
    int metricsPort) {

  public static final Duration DEFAULT_REQUEUE_AFTER = Duration.ofMinutes(15);
  public static final Duration MIN_REQUEUE_AFTER = Duration.ofMinutes(1);
  public static final Duration MAX_REQUEUE_AFTER = Duration.ofHours(1);
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
  public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(30);
  public static final int DEFAULT_HEALTH_PORT = 10080;
  public static final int DEFAULT_METRICS_PORT = 8080;
  public static final String DEFAULT_MODULES_JSON = "{\"csiDriver\":true,\"oneAgent\":true,\"activeGate\":true}";

  /** Durations of the webhook certificates (operator.md §11). */
  public record WebhookCertDurations(Duration root, Duration server, Duration renewalThreshold, Duration requeueAfter) {
    public static final WebhookCertDurations DEFAULTS = new WebhookCertDurations(
        Duration.ofHours(8760), Duration.ofHours(168), Duration.ofHours(12), Duration.ofHours(3));

    /** Root > server > renewal > requeue, each inside its bounds; lower bounds are lifted in dev mode. */
    public List<String> problems(boolean devMode) {
      List<String> problems = new ArrayList<>();
      bounds(problems, "root duration", root, Duration.ofHours(168), Duration.ofHours(87600), devMode);
      bounds(problems, "server duration", server, Duration.ofHours(24), Duration.ofHours(8760), devMode);
      bounds(problems, "renewal threshold", renewalThreshold, Duration.ofHours(12), Duration.ofHours(720), devMode);
      bounds(problems, "requeue interval", requeueAfter, Duration.ofMinutes(5), Duration.ofHours(11), devMode);
      if (root.compareTo(server) <= 0 || server.compareTo(renewalThreshold) <= 0 || renewalThreshold.compareTo(requeueAfter) <= 0) {
        problems.add("durations must satisfy root > server > renewal threshold > requeue interval");
      }
      return problems;
    }

    private static void bounds(List<String> problems, String what, Duration value, Duration min, Duration max, boolean dev) {
      if ((!dev && value.compareTo(min) < 0) || value.compareTo(max) > 0 || value.isZero() || value.isNegative()) {
        problems.add(what + " " + Durations.format(value.isNegative() ? Duration.ZERO : value) + " is outside "
            + Durations.format(min) + "–" + Durations.format(max));
      }
    }
  }

  /** Raised for an environment the operator cannot start with; the message names the variable. */
  public static final class InvalidConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InvalidConfigException(String message) {
      super(message);
    }
  }

  /**
   * Reads the variables of operator.md §1. Missing {@code POD_NAMESPACE} or unreadable values fail; webhook-certificate
   * durations that break their bounds fall back to the defaults and are reported through {@code warnings}.
   */
  public static OperatorConfig fromEnv(Map<String, String> env, List<String> warnings) {
    String namespace = text(env, EnvVars.POD_NAMESPACE, "");
    if (namespace.isEmpty()) {
      throw new InvalidConfigException(EnvVars.POD_NAMESPACE + " is not set; the chart sets it from the downward API.");
    }
    boolean devMode = Boolean.parseBoolean(text(env, EnvVars.AK_DEV_MODE, "false"));
    double timeScale = number(env, EnvVars.AK_DEV_TIME_SCALE, 1.0);
    ModulesConfig modules;
    try {
      modules = ModulesConfig.parse(text(env, EnvVars.AK_MODULES_JSON, DEFAULT_MODULES_JSON));
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigException(e.getMessage());
    }
    Duration requeue = clamp(duration(env, EnvVars.AK_DEFAULT_REQUEUE_AFTER, DEFAULT_REQUEUE_AFTER),
        MIN_REQUEUE_AFTER, MAX_REQUEUE_AFTER);
    WebhookCertDurations certs = new WebhookCertDurations(
        duration(env, EnvVars.AK_WEBHOOK_CERTS_ROOT_DURATION, WebhookCertDurations.DEFAULTS.root()),
        duration(env, EnvVars.AK_WEBHOOK_CERTS_SERVER_DURATION, WebhookCertDurations.DEFAULTS.server()),
        duration(env, EnvVars.AK_WEBHOOK_CERTS_RENEWAL_THRESHOLD, WebhookCertDurations.DEFAULTS.renewalThreshold()),
        duration(env, EnvVars.AK_WEBHOOK_CERTS_REQUEUE_AFTER, WebhookCertDurations.DEFAULTS.requeueAfter()));
    List<String> certProblems = certs.problems(devMode);
    if (!certProblems.isEmpty()) {
      warnings.add("Webhook certificate durations are invalid (" + String.join("; ", certProblems) + "); using the defaults.");
      certs = WebhookCertDurations.DEFAULTS;
    }
    String signatureText = text(env, EnvVars.AK_SIGNATURE_MODE, "off");
    SignatureMode signatureMode = SignatureMode.parse(signatureText).orElseThrow(() -> new InvalidConfigException(
        EnvVars.AK_SIGNATURE_MODE + " must be off, warn or enforce, not '" + signatureText + "'."));
    String version = text(env, EnvVars.AK_OPERATOR_VERSION, "");
    if (version.isEmpty()) {
      String manifest = OperatorConfig.class.getPackage().getImplementationVersion();
      version = manifest == null ? "dev" : manifest;
    }
    return new OperatorConfig(namespace, text(env, EnvVars.POD_NAME, ""), text(env, EnvVars.AK_OPERATOR_IMAGE, ""),
        text(env, EnvVars.AK_OPERATOR_PULL_SECRET, ""), version, modules, requeue,
        positive(env, EnvVars.AK_CLIENT_CONNECT_TIMEOUT, DEFAULT_CONNECT_TIMEOUT),
        positive(env, EnvVars.AK_CLIENT_READ_TIMEOUT, DEFAULT_READ_TIMEOUT), certs, signatureMode,
        text(env, EnvVars.AK_SIGNATURE_KEYS_CONFIGMAP, ObjectNames.SIGNATURE_KEYS_CONFIGMAP), devMode, timeScale,
        port(env, EnvVars.AK_HEALTH_PORT, DEFAULT_HEALTH_PORT), port(env, EnvVars.AK_METRICS_PORT, DEFAULT_METRICS_PORT));
  }

  /** A duration of the operator's own timing (requeues, backoffs, periods) scaled by {@code AK_DEV_TIME_SCALE}. */
  public Duration scaled(Duration duration) {
    if (devTimeScale == 1.0) {
      return duration;
    }
    return Duration.ofMillis(Math.max(1, Math.round(duration.toMillis() * devTimeScale)));
  }

  @Override
  public String toString() {
    // Every field is safe to log: the config holds secret names, never secret values.
    return "OperatorConfig[namespace=" + namespace + ", podName=" + podName + ", operatorImage=" + operatorImage
        + ", helmPullSecret=" + helmPullSecret + ", operatorVersion=" + operatorVersion + ", modules=" + modules
        + ", defaultRequeueAfter=" + Durations.format(defaultRequeueAfter) + ", connectTimeout="
        + Durations.format(connectTimeout) + ", readTimeout=" + Durations.format(readTimeout) + ", webhookCerts="
        + webhookCerts + ", signatureMode=" + signatureMode.text() + ", signatureKeysConfigMap=" + signatureKeysConfigMap
        + ", devMode=" + devMode + ", devTimeScale=" + devTimeScale + ", healthPort=" + healthPort + ", metricsPort="
        + metricsPort + "]";
  }

  private static String text(Map<String, String> env, String key, String fallback) {
    String value = env.get(key);
    return value == null || value.isBlank() ? fallback : value.trim();
  }

  private static Duration duration(Map<String, String> env, String key, Duration fallback) {
    String value = env.get(key);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      return Durations.parse(value);
    } catch (DurationFormatException e) {
      throw new InvalidConfigException(key + ": " + e.getMessage());
    }
  }

  private static Duration positive(Map<String, String> env, String key, Duration fallback) {
    Duration value = duration(env, key, fallback);
    if (value.isZero()) {
      throw new InvalidConfigException(key + " must be greater than 0s.");
    }
    return value;
  }

  private static double number(Map<String, String> env, String key, double fallback) {
    String value = env.get(key);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      double parsed = Double.parseDouble(value.trim());
      if (!(parsed > 0)) {
        throw new InvalidConfigException(key + " must be a positive number, not '" + value + "'.");
      }
      return parsed;
    } catch (NumberFormatException e) {
      throw new InvalidConfigException(key + " must be a positive number, not '" + value + "'.");
    }
  }

  private static int port(Map<String, String> env, String key, int fallback) {
    String value = env.get(key);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      int port = Integer.parseInt(value.trim());
      if (port < 0 || port > 65535) {
        throw new InvalidConfigException(key + " must be a port number (0-65535), not '" + value + "'.");
      }
      return port;
    } catch (NumberFormatException e) {
      throw new InvalidConfigException(key + " must be a port number (0-65535), not '" + value + "'.");
    }
  }

  private static Duration clamp(Duration value, Duration min, Duration max) {
    return value.compareTo(min) < 0 ? min : value.compareTo(max) > 0 ? max : value;
  }
}
