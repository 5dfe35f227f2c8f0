package com.astromkey.webhook.config;

import com.astromkey.domain.feature.SignatureMode;
import com.astromkey.domain.modules.ModulesConfig;
import com.astromkey.domain.names.EnvVars;
import com.astromkey.domain.names.PathNames;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** The typed configuration of the {@code webhook} mode, built once from the command line and the environment (webhook.md §1). */
public final class WebhookConfig {
  public static final String CERTS_DIR_FLAG = "--certs-dir";
  public static final int DEFAULT_WEBHOOK_PORT = 8443;
  public static final int DEFAULT_HEALTH_PORT = 10080;
  public static final int DEFAULT_METRICS_PORT = 8383;
  public static final int DEFAULT_TIMEOUT_SECONDS = 10;
  /** The admission deadline leaves this much of the API server's timeout for the network. */
  public static final Duration DEADLINE_MARGIN = Duration.ofSeconds(2);
  public static final int DEFAULT_WORKER_THREADS = 32;
  public static final Duration DEFAULT_CERTIFICATE_WAIT = Duration.ofMinutes(5);
  public static final Duration DEFAULT_CERTIFICATE_WAIT_POLL = Duration.ofSeconds(5);
  /** How often the certificate files are compared with the loaded ones. */
  public static final Duration DEFAULT_CERTIFICATE_FILE_POLL = Duration.ofSeconds(10);
  /** Informer resync doubles as the 6 h poll of the certificate Secret. */
  public static final Duration DEFAULT_SECRET_RESYNC = Duration.ofHours(6);
  public static final String UNKNOWN_VERSION = "unknown";

  private static final Set<String> PULL_POLICIES = Set.of("Always", "IfNotPresent", "Never");

  private final Path certsDir;
  private final String bindAddress;
  private final int webhookPort;
  private final int healthPort;
  private final int metricsPort;
  private final int timeoutSeconds;
  private final String podNamespace;
  private final String operatorImage;
  private final String operatorImagePullPolicy;
  private final String operatorPullSecret;
  private final ModulesConfig modules;
  private final String operatorVersion;
  private final SignatureMode signatureMode;
  private final int workerThreads;
  private final Duration certificateWait;
  private final Duration certificateWaitPoll;
  private final Duration certificateFilePoll;

  private WebhookConfig(Builder b) {
    certsDir = b.certsDir;
    bindAddress = b.bindAddress;
    webhookPort = b.webhookPort;
    healthPort = b.healthPort;
    metricsPort = b.metricsPort;
    timeoutSeconds = b.timeoutSeconds;
    podNamespace = b.podNamespace;
    operatorImage = b.operatorImage;
    operatorImagePullPolicy = b.operatorImagePullPolicy;
    operatorPullSecret = b.operatorPullSecret;
    modules = b.modules;
    operatorVersion = b.operatorVersion;
    signatureMode = b.signatureMode;
    workerThreads = b.workerThreads;
    certificateWait = b.certificateWait;
    certificateWaitPoll = b.certificateWaitPoll;
    certificateFilePoll = b.certificateFilePoll;
  }

  /**
   * Reads {@code --certs-dir} and the {@code AK_*}/{@code POD_NAMESPACE} variables; every problem is reported at once as an
   * {@link IllegalArgumentException} whose message lists them, one per line.
   */
  public static WebhookConfig from(String[] args, Map<String, String> env) {
    Builder b = builder();
    StringBuilder problems = new StringBuilder();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.startsWith(CERTS_DIR_FLAG + "=")) {
        b.certsDir(Path.of(arg.substring(CERTS_DIR_FLAG.length() + 1)));
      } else if (arg.equals(CERTS_DIR_FLAG) && i + 1 < args.length) {
        b.certsDir(Path.of(args[++i]));
      } else {
        problems.append("\nunknown argument '").append(arg).append("'");
      }
    }
    b.webhookPort(port(env, EnvVars.AK_WEBHOOK_PORT, DEFAULT_WEBHOOK_PORT, problems));
    b.healthPort(port(env, EnvVars.AK_HEALTH_PORT, DEFAULT_HEALTH_PORT, problems));
    b.metricsPort(port(env, EnvVars.AK_METRICS_PORT, DEFAULT_METRICS_PORT, problems));
    String timeout = value(env, EnvVars.AK_WEBHOOK_TIMEOUT_SECONDS);
    if (timeout != null) {
      try {
        int seconds = Integer.parseInt(timeout);
        if (seconds < 1 || seconds > 30) {
          problems.append('\n').append(EnvVars.AK_WEBHOOK_TIMEOUT_SECONDS).append(" must be 1-30 (the API server's range), not ")
              .append(seconds);
        }
        b.timeoutSeconds(seconds);
      } catch (NumberFormatException e) {
        problems.append('\n').append(EnvVars.AK_WEBHOOK_TIMEOUT_SECONDS).append(" is not a number: '").append(timeout).append("'");
      }
    }
    String namespace = value(env, EnvVars.POD_NAMESPACE);
    if (namespace == null) {
      problems.append('\n').append(EnvVars.POD_NAMESPACE).append(" is not set (the chart sets it from the downward API)");
    }
    b.podNamespace(namespace);
    String image = value(env, EnvVars.AK_OPERATOR_IMAGE);
    if (image == null) {
      problems.append('\n').append(EnvVars.AK_OPERATOR_IMAGE).append(" is not set (the image of injected init containers)");
    }
    b.operatorImage(image);
    String policy = value(env, EnvVars.AK_OPERATOR_IMAGE_PULL_POLICY);
    if (policy != null && !PULL_POLICIES.contains(policy)) {
      problems.append('\n').append(EnvVars.AK_OPERATOR_IMAGE_PULL_POLICY).append(" must be Always, IfNotPresent or Never, not '")
          .append(policy).append("'");
    }
    b.operatorImagePullPolicy(policy);
    b.operatorPullSecret(value(env, EnvVars.AK_OPERATOR_PULL_SECRET));
    try {
      b.modules(ModulesConfig.parse(value(env, EnvVars.AK_MODULES_JSON)));
    } catch (IllegalArgumentException e) {
      problems.append('\n').append(e.getMessage());
    }
    String version = value(env, EnvVars.AK_OPERATOR_VERSION);
    if (version == null) {
      version = WebhookConfig.class.getPackage().getImplementationVersion();
    }
    b.operatorVersion(version == null ? UNKNOWN_VERSION : version);
    String signature = value(env, EnvVars.AK_SIGNATURE_MODE);
    if (signature != null) {
      SignatureMode mode = SignatureMode.parse(signature).orElse(null);
      if (mode == null) {
        problems.append('\n').append(EnvVars.AK_SIGNATURE_MODE).append(" must be off, warn or enforce, not '").append(signature)
            .append("'");
      } else {
        b.signatureMode(mode);
      }
    }
    if (problems.length() > 0) {
      throw new IllegalArgumentException("invalid webhook configuration:" + problems);
    }
    return b.build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public Path certsDir() { return certsDir; }
  public String bindAddress() { return bindAddress; }
  public int webhookPort() { return webhookPort; }
  public int healthPort() { return healthPort; }
  public int metricsPort() { return metricsPort; }
  public int timeoutSeconds() { return timeoutSeconds; }
  public String podNamespace() { return podNamespace; }
  public String operatorImage() { return operatorImage; }
  /** Null when the chart sets none; the webhook then uses IfNotPresent. */
  public String operatorImagePullPolicy() { return operatorImagePullPolicy; }
  /** The Helm {@code customPullSecret} name, "" when none. */
  public String operatorPullSecret() { return operatorPullSecret; }
  public ModulesConfig modules() { return modules; }
  public String operatorVersion() { return operatorVersion; }
  /** {@code AK_SIGNATURE_MODE}: the signature policy of DynaKubes without the flag. */
  public SignatureMode signatureMode() { return signatureMode; }
  public int workerThreads() { return workerThreads; }
  public Duration certificateWait() { return certificateWait; }
  public Duration certificateWaitPoll() { return certificateWaitPoll; }
  public Duration certificateFilePoll() { return certificateFilePoll; }

  /** The internal deadline of one admission request: the API server's timeout minus the network margin, at least 1 s. */
  public Duration admissionDeadline() {
    Duration deadline = Duration.ofSeconds(timeoutSeconds).minus(DEADLINE_MARGIN);
    return deadline.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : deadline;
  }

  /** The effective settings for the start-up log; none of them is a credential (the pull secret is a name). */
  public Map<String, Object> describe() {
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("certsDir", certsDir);
    settings.put("webhookPort", webhookPort);
    settings.put("healthPort", healthPort);
    settings.put("metricsPort", metricsPort);
    settings.put("timeoutSeconds", timeoutSeconds);
    settings.put("admissionDeadline", admissionDeadline());
    settings.put("podNamespace", podNamespace);
    settings.put("operatorImage", operatorImage);
    settings.put("operatorImagePullPolicy", operatorImagePullPolicy == null ? "(IfNotPresent)" : operatorImagePullPolicy);
    settings.put("operatorPullSecret", operatorPullSecret.isEmpty() ? "(none)" : operatorPullSecret);
    settings.put("modules", modules.toJson());
    settings.put("operatorVersion", operatorVersion);
    settings.put("signatureMode", signatureMode.text());
    settings.put("workerThreads", workerThreads);
    return settings;
  }

  @Override
  public String toString() {
    return "WebhookConfig" + describe();
  }

  private static String value(Map<String, String> env, String key) {
    String value = env.get(key);
    return value == null || value.isBlank() ? null : value.trim();
  }

  private static int port(Map<String, String> env, String key, int defaultPort, StringBuilder problems) {
    String text = value(env, key);
    if (text == null) {
      return defaultPort;
    }
    try {
      int port = Integer.parseInt(text);
      if (port < 0 || port > 65535) {
        problems.append('\n').append(key).append(" is out of range: ").append(port);
      }
      return port;
    } catch (NumberFormatException e) {
      problems.append('\n').append(key).append(" is not a port number: '").append(text).append("'");
      return defaultPort;
    }
  }

  /** Explicit construction for tests and for {@link #from}; port 0 binds a free port. */
  public static final class Builder {
    private Path certsDir = Path.of(PathNames.WEBHOOK_CERTS_DIR);
    private String bindAddress = "0.0.0.0";
    private int webhookPort = DEFAULT_WEBHOOK_PORT;
    private int healthPort = DEFAULT_HEALTH_PORT;
    private int metricsPort = DEFAULT_METRICS_PORT;
    private int timeoutSeconds = DEFAULT_TIMEOUT_SECONDS;
    private String podNamespace = "astromkey";
    private String operatorImage = "";
    private String operatorImagePullPolicy;
    private String operatorPullSecret = "";
    private ModulesConfig modules = ModulesConfig.allInstalled();
    private String operatorVersion = UNKNOWN_VERSION;
    private SignatureMode signatureMode = SignatureMode.OFF;
    private int workerThreads = DEFAULT_WORKER_THREADS;
    private Duration certificateWait = DEFAULT_CERTIFICATE_WAIT;
    private Duration certificateWaitPoll = DEFAULT_CERTIFICATE_WAIT_POLL;
    private Duration certificateFilePoll = DEFAULT_CERTIFICATE_FILE_POLL;

    public Builder certsDir(Path v) { certsDir = v; return this; }
    public Builder bindAddress(String v) { bindAddress = v; return this; }
    public Builder webhookPort(int v) { webhookPort = v; return this; }
    public Builder healthPort(int v) { healthPort = v; return this; }
    public Builder metricsPort(int v) { metricsPort = v; return this; }
    public Builder timeoutSeconds(int v) { timeoutSeconds = v; return this; }
    public Builder podNamespace(String v) { podNamespace = v; return this; }
    public Builder operatorImage(String v) { operatorImage = v; return this; }
    public Builder operatorImagePullPolicy(String v) { operatorImagePullPolicy = v; return this; }
    public Builder operatorPullSecret(String v) { operatorPullSecret = v == null ? "" : v; return this; }
    public Builder modules(ModulesConfig v) { modules = v; return this; }
    public Builder operatorVersion(String v) { operatorVersion = v; return this; }
    public Builder signatureMode(SignatureMode v) { signatureMode = v; return this; }
    public Builder workerThreads(int v) { workerThreads = v; return this; }
    public Builder certificateWait(Duration v) { certificateWait = v; return this; }
    public Builder certificateWaitPoll(Duration v) { certificateWaitPoll = v; return this; }
    public Builder certificateFilePoll(Duration v) { certificateFilePoll = v; return this; }

    public WebhookConfig build() {
      return new WebhookConfig(this);
    }
  }
}
