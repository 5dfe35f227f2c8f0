package com.astromkey.sandbox.process;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** What tests need to run a mode as a child JVM and check its memory the way helm-and-image.md §3.2 measures it. */
public final class ChildProcesses {
  private ChildProcesses() {}

  /** The test class path; failsafe may hide it behind a manifest-only jar and publishes the real one separately. */
  public static String testClassPath() {
    String path = System.getProperty("surefire.test.class.path");
    return path != null && !path.isBlank() ? path : System.getProperty("java.class.path").replace(";", File.pathSeparator);
  }

  /**
   * {@code /proc/<pid>/cmdline} with spaces between the arguments, "" once the process is gone ({@code ProcessHandle.Info}
   * returns nothing for the long class paths of test JVMs).
   */
  public static String commandLine(long pid) {
    try {
      return new String(Files.readAllBytes(Path.of("/proc", String.valueOf(pid), "cmdline")), StandardCharsets.UTF_8)
          .replace('\0', ' ');
    } catch (IOException e) {
      return "";
    }
  }

  /** {@code VmHWM} of {@code /proc/<pid>/status} in KiB (the kernel's peak resident set), 0 once the process is gone. */
  public static long vmHwmKib(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException | NumberFormatException e) {
      // the process ended between the caller's liveness check and the read
    }
    return 0;
  }
}
