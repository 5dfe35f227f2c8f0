package com.astromkey.csi.registrar;

import com.astromkey.csi.cli.Args;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

/** Typed configuration of {@code csi-registrar} (csi-driver.md §2, §9). */
public record RegistrarConfig(Path csiSocket, String registrationPath, Path registrationDir, Duration waitTimeout) {
  static final String USAGE =
      "usage: csi-registrar --csi-socket=<path> --registration-path=<kubelet path of the CSI socket> [--registration-dir=/registration]";
  static final Duration WAIT_TIMEOUT = Duration.ofSeconds(60);

  public static RegistrarConfig from(String[] argv) {
    Args args = Args.parse(argv, Set.of("csi-socket", "registration-path", "registration-dir", "wait-timeout"));
    return new RegistrarConfig(
        Path.of(args.require("csi-socket")),
        args.require("registration-path"),
        Path.of(args.get("registration-dir").orElse("/registration")),
        args.duration("wait-timeout", WAIT_TIMEOUT));
  }
}
