package com.astromkey.bootstrap;

import com.astromkey.sandbox.process.ChildProcesses;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs {@link BootstrapMain} in a separate JVM from the test class path, like the init container runs it. */
final class ChildProcess {
  /** What the webhook sets for operator-image deliveries (webhook.md §4.2), with a test temp dir. */
  static String javaToolOptions(Path tmpdir) {
    return "-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss512k -XX:MaxRAMPercentage=50 -XX:MaxMetaspaceSize=32m"
        + " -XX:ReservedCodeCacheSize=8m -XX:MaxDirectMemorySize=8m -XX:-UsePerfData -Djava.io.tmpdir=" + tmpdir;
  }

  /** Exit code, stdout and stderr of a finished child; {@code peakRssKib} is VmHWM as last seen, 0 if never read. */
  record Result(int exit, String out, String err, long peakRssKib) {}

  private ChildProcess() {}

  static Result run(List<String> args, Map<String, String> env, Path logDir) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(ChildProcesses.testClassPath());
    command.add(BootstrapMain.class.getName());
    command.addAll(args);
    Path out = Files.createTempFile(logDir, "child", ".out");
    Path err = Files.createTempFile(logDir, "child", ".err");
    ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
    builder.environment().remove("JAVA_TOOL_OPTIONS");
    builder.environment().putAll(env);
    Process process = builder.start();
    long peak = 0;
    while (!process.waitFor(20, TimeUnit.MILLISECONDS)) {
      peak = Math.max(peak, ChildProcesses.vmHwmKib(process.pid()));
      if (process.info().totalCpuDuration().map(d -> d.toMinutes() > 5).orElse(false)) {
        process.destroyForcibly();
      }
    }
    return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8), peak);
  }
}
