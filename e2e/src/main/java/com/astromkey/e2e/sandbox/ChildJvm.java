package com.astromkey.e2e.sandbox;

import com.astromkey.domain.names.EnvVars;
import com.astromkey.sandbox.process.ChildProcesses;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A component's main class in its own JVM, as its container runs it (helm-and-image.md §3.2 memory test): the container's env
 * including {@code JAVA_TOOL_OPTIONS}, this build's class path, and the peak resident set (VmHWM) sampled from
 * {@code /proc/<pid>/status} while it runs, since no cgroup limits memory here.
 */
public final class ChildJvm implements AutoCloseable {
  private final Process process;
  private final Path out;
  private final Path err;
  private final Thread sampler;
  private volatile long peakRssKib;

  private ChildJvm(Process process, Path out, Path err) {
    this.process = process;
    this.out = out;
    this.err = err;
    this.sampler = new Thread(() -> {
      while (process.isAlive()) {
        peakRssKib = Math.max(peakRssKib, ChildProcesses.vmHwmKib(process.pid()));
        try {
          Thread.sleep(20);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "child-jvm-rss-" + process.pid());
    sampler.setDaemon(true);
    sampler.start();
  }

  /** {@code env} replaces nothing of this process's env but {@code JAVA_TOOL_OPTIONS}, which only {@code env} sets. */
  public static ChildJvm start(Class<?> mainClass, List<String> args, Map<String, String> env, Path logDir) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(ChildProcesses.testClassPath());
    command.add(mainClass.getName());
    command.addAll(args);
    Files.createDirectories(logDir);
    Path out = Files.createTempFile(logDir, mainClass.getSimpleName(), ".out");
    Path err = Files.createTempFile(logDir, mainClass.getSimpleName(), ".err");
    ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
    builder.environment().remove(EnvVars.JAVA_TOOL_OPTIONS);
    builder.environment().putAll(env);
    return new ChildJvm(builder.start(), out, err);
  }

  public boolean alive() {
    return process.isAlive();
  }

  /** VmHWM in KiB: the highest value seen so far (the kernel's own high-water mark, sampled every 20 ms). */
  public long peakRssKib() {
    if (process.isAlive()) {
      peakRssKib = Math.max(peakRssKib, ChildProcesses.vmHwmKib(process.pid()));
    }
    return peakRssKib;
  }

  /** Standard output and error so far, for assertion messages. */
  public String output() throws IOException {
    return Files.readString(out, StandardCharsets.UTF_8) + Files.readString(err, StandardCharsets.UTF_8);
  }

  /** Stops the process (SIGTERM, then SIGKILL after 10 s). */
  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
    sampler.interrupt();
  }
}
