package com.astromkey.oci.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The {@code mirror} CLI as a user runs it, in a new JVM on this class path (MirrorMain has no {@code main}; the launcher
 * dispatches to it), with the time each output line arrived and the time the process was gone.
 */
public final class MirrorProcess {

  /** One line of merged stdout/stderr and when the parent read it. */
  public record Line(long nanos, String text) {
  }

  /** Exit code, lines in order, and the start and end of the process on the {@link System#nanoTime()} clock. */
  public record Result(int exitCode, List<Line> lines, long startNanos, long exitNanos) {

    public String output() {
      return String.join("\n", lines.stream().map(Line::text).toList());
    }

    public List<String> reports() {
      return lines.stream().map(Line::text).filter(t -> t.startsWith("{")).toList();
    }

    public Duration total() {
      return Duration.ofNanos(exitNanos - startNanos);
    }

    /** From the last JSON report line to the end of the process: the time a user waits for the prompt after the result. */
    public Duration lastReportToExit() {
      long report = lines.stream().filter(l -> l.text().startsWith("{")).mapToLong(Line::nanos).max()
          .orElseThrow(() -> new AssertionError("no report line in:\n" + output()));
      return Duration.ofNanos(exitNanos - report);
    }
  }

  /** Extra JVM options of the child, space-separated (profiling a benchmark run: JFR, -Xlog, -XX flags). */
  public static final String JVM_OPTIONS_PROPERTY = "mirror.process.jvmOptions";

  /**
   * A start script to run instead of this class path, e.g. {@code bin/astromkey-operator}: the CLI exactly as shipped
   * (jars, JVM options, class-data archive). It is called as {@code <script> mirror <args>}; the extra JVM options reach
   * it through {@value #LAUNCHER_OPTIONS_VARIABLE}.
   */
  public static final String LAUNCHER_PROPERTY = "mirror.process.launcher";
  public static final String LAUNCHER_OPTIONS_VARIABLE = "ASTROMKEY_JAVA_OPTS";

  private MirrorProcess() {
  }

  public static void main(String[] args) {
    System.exit(MirrorMain.run(args, System.out, System.err));
  }

  /** Runs {@code mirror args} in a child JVM; output through a pipe this thread reads, never the test fork's stdout. */
  public static Result run(List<String> args, Duration timeout) {
    String options = System.getProperty(JVM_OPTIONS_PROPERTY, "").strip();
    String launcher = System.getProperty(LAUNCHER_PROPERTY, "").strip();
    List<String> command = new ArrayList<>();
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    if (!launcher.isEmpty()) {
      command.addAll(List.of(launcher, "mirror"));
      builder.environment().put(LAUNCHER_OPTIONS_VARIABLE, options);
    } else {
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      if (!options.isEmpty()) {
        command.addAll(List.of(options.split("\\s+")));
      }
      command.addAll(List.of("-cp", System.getProperty("java.class.path"), MirrorProcess.class.getName()));
    }
    command.addAll(args);
    try {
      long start = System.nanoTime();
      Process p = builder.start();
      List<Line> lines = new CopyOnWriteArrayList<>();
      // a reader thread, so that a child that never ends still fails the test at the timeout
      Thread reader = new Thread(() -> read(p, lines), "mirror-output");
      reader.setDaemon(true);
      reader.start();
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("mirror did not end within " + timeout + ":\n" + String.join("\n",
            lines.stream().map(Line::text).toList()));
      }
      long end = System.nanoTime();
      reader.join(TimeUnit.SECONDS.toMillis(10));
      return new Result(p.exitValue(), List.copyOf(lines), start, end);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  private static void read(Process p, List<Line> lines) {
    try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String text;
      while ((text = out.readLine()) != null) {
        lines.add(new Line(System.nanoTime(), text));
      }
    } catch (IOException e) {
      lines.add(new Line(System.nanoTime(), "(output unreadable: " + e.getMessage() + ")"));
    }
  }
}
