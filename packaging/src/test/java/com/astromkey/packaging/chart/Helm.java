package com.astromkey.packaging.chart;

import static org.junit.jupiter.api.Assertions.fail;

import com.astromkey.packaging.PackagingDir;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds and runs the helm binary for chart tests and manifest generation: {@code AK_HELM}, then the copy installed by
 * {@code packaging/scripts/install-helm.sh}, then {@code PATH}. Helm's own state lives in a temp dir removed when the JVM exits.
 */
public final class Helm {
  public static final Path CHART_DIR = PackagingDir.resolve("src/main/helm/astromkey-operator");
  static final Path INSTALLED = PackagingDir.resolve("target/tools/helm/helm");
  private static Path home;
  private static final long TIMEOUT_SECONDS = 120;

  /** Result of one helm invocation. */
  public record Result(List<String> command, int exitCode, String stdout, String stderr) {
    public boolean ok() {
      return exitCode == 0;
    }
  }

  private final Path binary;

  private Helm(Path binary) {
    this.binary = binary;
  }

  /** The helm to use, or empty when none is installed. */
  public static Optional<Helm> find() {
    String env = System.getenv("AK_HELM");
    if (env != null && !env.isBlank()) {
      return Optional.of(new Helm(Path.of(env)));
    }
    if (Files.isExecutable(INSTALLED)) {
      return Optional.of(new Helm(INSTALLED.toAbsolutePath()));
    }
    String path = System.getenv("PATH");
    if (path != null) {
      for (String dir : path.split(File.pathSeparator)) {
        Path candidate = Path.of(dir, "helm");
        if (Files.isExecutable(candidate)) {
          return Optional.of(new Helm(candidate));
        }
      }
    }
    return Optional.empty();
  }

  /** helm, or skip the calling test; with CI=true a missing helm fails instead, so CI never passes without chart tests. */
  public static Helm require() {
    Optional<Helm> helm = find();
    if (helm.isEmpty()) {
      String why = "helm not found (AK_HELM, " + INSTALLED + " or PATH); install it with packaging/scripts/install-helm.sh";
      if ("true".equals(System.getenv("CI"))) {
        fail(why);
      }
      Assumptions.abort(why);
    }
    return helm.get();
  }

  public Path binary() {
    return binary;
  }

  /** {@code helm template astromkey-operator <chart> -n <namespace>} plus the given extra arguments. */
  public Result template(Path chartDir, String namespace, List<String> extraArgs) {
    List<String> args = new ArrayList<>(List.of("template", "astromkey-operator", chartDir.toString(), "--namespace", namespace));
    args.addAll(extraArgs);
    return run(args);
  }

  public Result run(List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(binary.toString());
    command.addAll(args);
    try {
      ProcessBuilder pb = new ProcessBuilder(command);
      // keep helm away from the user's $HOME: no repositories, registries or plugins leak into a render
      Path helmHome = home();
      for (String dir : List.of("cache", "config", "data")) {
        Path p = Files.createDirectories(helmHome.resolve(dir));
        pb.environment().put("HELM_" + dir.toUpperCase(java.util.Locale.ROOT) + "_HOME", p.toString());
      }
      pb.environment().remove("KUBECONFIG");
      Process process = pb.start();
      process.getOutputStream().close();
      CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
      CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("helm did not finish within " + TIMEOUT_SECONDS + " s: " + command);
      }
      return new Result(List.copyOf(command), process.exitValue(), out.join(), err.join());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + command, e);
    }
  }

  private static synchronized Path home() throws IOException {
    if (home == null) {
      Path dir = Files.createTempDirectory("ak-helm-home-");
      Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir), "helm-home-cleanup"));
      home = dir;
    }
    return home;
  }

  private static void deleteTree(Path dir) {
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // best effort at JVM exit: a leftover empty temp dir harms nothing
    }
  }

  private static String read(InputStream in) {
    try (in) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
