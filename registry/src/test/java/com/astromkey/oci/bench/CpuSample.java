package com.astromkey.oci.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * CPU time (user + sys) read from {@code /proc/self/stat} at one instant: this JVM's own, and that of its children which
 * have ended and been waited for (cutime + cstime), plus the live docker-registry children, so that a benchmark can tell
 * CPU per byte from start-up latency.
 */
record CpuSample(long selfMs, long endedChildrenMs, long registriesMs) {

  /** USER_HZ: the unit of the times in {@code /proc/<pid>/stat}; 100 on every Linux architecture the JDK runs on. */
  private static final long TICK_MS = 10;

  static CpuSample now() {
    long[] fields = statFields(Path.of("/proc/self/stat"));
    long registries = ProcessHandle.current().children()
        .filter(p -> p.info().command().map(c -> c.endsWith("docker-registry")).orElse(false))
        .mapToLong(p -> p.info().totalCpuDuration().map(Duration::toMillis).orElse(0L))
        .sum();
    return new CpuSample((fields[0] + fields[1]) * TICK_MS, (fields[2] + fields[3]) * TICK_MS, registries);
  }

  /** CPU spent between {@code before} and this sample. */
  CpuSample minus(CpuSample before) {
    return new CpuSample(selfMs - before.selfMs, endedChildrenMs - before.endedChildrenMs,
        registriesMs - before.registriesMs);
  }

  /** utime, stime, cutime, cstime (fields 14–17 of proc(5)); the command name before them may contain spaces. */
  static long[] statFields(Path stat) {
    String text;
    try {
      text = Files.readString(stat);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String[] after = text.substring(text.lastIndexOf(')') + 2).split(" ");
    // after[0] is field 3 (state)
    return new long[] {Long.parseLong(after[11]), Long.parseLong(after[12]), Long.parseLong(after[13]),
        Long.parseLong(after[14])};
  }
}
