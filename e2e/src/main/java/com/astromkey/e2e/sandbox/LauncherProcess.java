package com.astromkey.e2e.sandbox;

import com.astromkey.domain.names.EnvVars;
import com.astromkey.launcher.Main;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One mode of this build as a child JVM through the image's entrypoint ({@code com.astromkey.launcher.Main <mode> …}), the
 * way a DaemonSet container runs it: for scenarios that kill a component or need its production wiring.
 */
public final class LauncherProcess implements AutoCloseable {
  private final String mode;
  private final Process process;
  private final Path log;

  private LauncherProcess(String mode, Process process, Path log) {
    this.mode = mode;
    this.process = process;
    this.log = log;
  }

  /** {@code apiServer}: the fabric8 client of the child reads it from the environment, as in-cluster config would. */
  static LauncherProcess start(String mode, List<String> args, Map<String, String> env, String apiServer, String namespace,
      Path logDir) throws IOException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:TieredStopAtLevel=1", "-cp", BootstrapRunner.classPath(), Main.class.getName(), mode));
    command.addAll(args);
    Path log = Files.createTempFile(Files.createDirectories(logDir), mode + "-", ".log");
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().remove(EnvVars.JAVA_TOOL_OPTIONS);
    builder.environment().putAll(Map.of("KUBERNETES_MASTER", apiServer, "KUBERNETES_NAMESPACE", namespace,
        "KUBERNETES_AUTH_TRYKUBECONFIG", "false", "KUBERNETES_AUTH_TRYSERVICEACCOUNT", "false"));
    builder.environment().putAll(env);
    return new LauncherProcess(mode, builder.start(), log);
  }

  /** Waits for the exit; a process still running after {@code timeout} is killed and reported. */
  public int waitFor(Duration timeout) throws InterruptedException, IOException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly().waitFor();
      throw new AssertionError(mode + " did not exit within " + timeout.toSeconds() + "s; output:\n" + output());
    }
    return process.exitValue();
  }

  /** SIGKILL, as a node losing power or the OOM killer does: no shutdown hook runs. */
  public void kill() throws InterruptedException {
    process.destroyForcibly().waitFor();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Everything the child printed so far (stdout and stderr). */
  public String output() throws IOException {
    return Files.readString(log, StandardCharsets.UTF_8);
  }

  /** SIGTERM and wait, as the kubelet stops a container. */
  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(20, TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
  }
}
