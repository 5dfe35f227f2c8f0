package com.astromkey.csi.liveness;

import com.astromkey.csi.cli.Args;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

/** Typed configuration of {@code csi-liveness} (csi-driver.md §2, §9). */
public record LivenessConfig(Path csiSocket, int healthPort, Duration probeTimeout) {
  static final String USAGE = "usage: csi-liveness --csi-socket=<path> [--health-port=9808] [--probe-timeout=9s]";

  public static LivenessConfig from(String[] argv) {
    Args args = Args.parse(argv, Set.of("csi-socket", "health-port", "probe-timeout"));
    Duration timeout = args.duration("probe-timeout", Duration.ofSeconds(9));
    if (timeout.isNegative() || timeout.isZero()) throw new IllegalArgumentException("--probe-timeout must be positive");
    return new LivenessConfig(Path.of(args.require("csi-socket")), args.intValue("health-port", 9808), timeout);
  }
}
