package com.astromkey.e2e.cluster;

import com.astromkey.launcher.Main;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What {@code bin/e2e-cluster} is told through its environment and arguments, checked before anything touches the cluster. */
record ClusterSettings(String kubeconfig, String registry, String registryUser, String registryPassword, String apiUrl,
    String apiToken, Optional<String> dataIngestToken, String imageRepository, String imageTag, Optional<Path> trustedCaFile,
    String appNamespace, String appImage, String fixture, Path chart, Optional<Path> helm, boolean skipInstall, boolean keep,
    Duration timeout) {

  static final String USAGE = """
      Usage: bin/e2e-cluster [--skip-install] [--keep] [--timeout=<seconds>] [--fixture=<name>]
      Plays the private-registry page against the cluster of KUBECONFIG: installs the chart from this checkout with
      helm upgrade --install (unless --skip-install), creates my-registry-secret and the tokens Secret, applies the
      page's DynaKube with the registry replaced, waits for it, checks status, workloads and an injected pod, prints a
      summary and removes what it created (unless --keep). Exit 0 when every check passes, 1 otherwise, 2 on usage.
      Environment: KUBECONFIG, AK_E2E_REGISTRY (host[:port] of the private registry), AK_E2E_REGISTRY_USER,
        AK_E2E_REGISTRY_PASSWORD, AK_E2E_API_URL, AK_E2E_API_TOKEN (required); AK_E2E_DATA_INGEST_TOKEN,
        AK_E2E_IMAGE_REPOSITORY (default <registry>/astromkey/astromkey-operator), AK_E2E_IMAGE_TAG (default v<version>),
        AK_E2E_TRUSTED_CA_FILE (PEM: the DynaKube's trustedCAs), AK_E2E_APP_NAMESPACE (default astromkey-e2e-app),
        AK_E2E_APP_IMAGE (default registry.k8s.io/pause:3.10), AK_E2E_CHART (default packaging/src/main/helm/astromkey-operator),
        AK_HELM (default: helm on PATH, then packaging/target/tools/helm/helm).""";
  static final List<String> REQUIRED = List.of("KUBECONFIG", "AK_E2E_REGISTRY", "AK_E2E_REGISTRY_USER", "AK_E2E_REGISTRY_PASSWORD",
      "AK_E2E_API_URL", "AK_E2E_API_TOKEN");
  static final String DEFAULT_FIXTURE = "dynakube-cloudnative-private-registry";
  static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);

  /** A usage error: the message and exit code 2. */
  static final class UsageException extends Exception {
    UsageException(String message) {
      super(message);
    }
  }

  /** Never the password or the tokens: settings may end up in a log line. */
  @Override
  public String toString() {
    return "ClusterSettings[registry=" + registry + ", user=" + registryUser + ", apiUrl=" + apiUrl + ", image=" + imageRepository
        + ":" + imageTag + ", fixture=" + fixture + ", skipInstall=" + skipInstall + ", keep=" + keep + "]";
  }

  static ClusterSettings parse(List<String> args, Map<String, String> env, Path repositoryRoot) throws UsageException {
    boolean skipInstall = false;
    boolean keep = false;
    Duration timeout = DEFAULT_TIMEOUT;
    String fixture = DEFAULT_FIXTURE;
    for (String arg : args) {
      if (arg.equals("--skip-install")) {
        skipInstall = true;
      } else if (arg.equals("--keep")) {
        keep = true;
      } else if (arg.startsWith("--timeout=")) {
        timeout = Duration.ofSeconds(seconds(arg.substring("--timeout=".length())));
      } else if (arg.startsWith("--fixture=")) {
        fixture = arg.substring("--fixture=".length());
      } else {
        throw new UsageException("unexpected argument '" + arg + "'");
      }
    }
    List<String> missing = new ArrayList<>();
    for (String name : REQUIRED) {
      if (value(env, name).isEmpty()) {
        missing.add(name);
      }
    }
    if (!missing.isEmpty()) {
      throw new UsageException("set " + String.join(", ", missing));
    }
    String registry = value(env, "AK_E2E_REGISTRY").orElseThrow();
    if (registry.contains("/")) {
      throw new UsageException("AK_E2E_REGISTRY is the registry's host[:port] only (the page's registry.my-company.com), not '"
          + registry + "'");
    }
    Optional<Path> trustedCa = value(env, "AK_E2E_TRUSTED_CA_FILE").map(Path::of);
    if (trustedCa.isPresent() && !Files.isReadable(trustedCa.get())) {
      throw new UsageException("AK_E2E_TRUSTED_CA_FILE " + trustedCa.get() + " is not readable");
    }
    Path chart = value(env, "AK_E2E_CHART").map(Path::of)
        .orElse(repositoryRoot.resolve("packaging/src/main/helm/astromkey-operator"));
    return new ClusterSettings(value(env, "KUBECONFIG").orElseThrow(), registry, value(env, "AK_E2E_REGISTRY_USER").orElseThrow(),
        value(env, "AK_E2E_REGISTRY_PASSWORD").orElseThrow(), value(env, "AK_E2E_API_URL").orElseThrow(),
        value(env, "AK_E2E_API_TOKEN").orElseThrow(), value(env, "AK_E2E_DATA_INGEST_TOKEN"),
        value(env, "AK_E2E_IMAGE_REPOSITORY").orElse(registry + "/astromkey/astromkey-operator"),
        value(env, "AK_E2E_IMAGE_TAG").orElse("v" + Main.VERSION), trustedCa,
        value(env, "AK_E2E_APP_NAMESPACE").orElse("astromkey-e2e-app"),
        value(env, "AK_E2E_APP_IMAGE").orElse("registry.k8s.io/pause:3.10"), fixture, chart,
        helm(env, repositoryRoot), skipInstall, keep, timeout);
  }

  /** {@code AK_HELM}, else {@code helm} on {@code PATH}, else the copy {@code packaging/scripts/install-helm.sh} puts in target. */
  private static Optional<Path> helm(Map<String, String> env, Path repositoryRoot) {
    Optional<Path> configured = value(env, "AK_HELM").map(Path::of);
    if (configured.isPresent()) {
      return configured;
    }
    List<Path> candidates = new ArrayList<>();
    value(env, "PATH").ifPresent(path -> {
      for (String dir : path.split(java.io.File.pathSeparator)) {
        candidates.add(Path.of(dir.isEmpty() ? "." : dir, "helm"));
      }
    });
    candidates.add(repositoryRoot.resolve("packaging/target/tools/helm/helm"));
    return candidates.stream().filter(Files::isExecutable).findFirst();
  }

  private static long seconds(String text) throws UsageException {
    try {
      long seconds = Long.parseLong(text);
      if (seconds > 0) {
        return seconds;
      }
    } catch (NumberFormatException e) {
      // reported below with the accepted form
    }
    throw new UsageException("--timeout takes a positive number of seconds, not '" + text + "'");
  }

  private static Optional<String> value(Map<String, String> env, String name) {
    String value = env.get(name);
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
  }
}
