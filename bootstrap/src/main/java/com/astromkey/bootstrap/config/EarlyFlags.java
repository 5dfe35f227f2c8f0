package com.astromkey.bootstrap.config;

import com.astromkey.domain.names.BootstrapFlags;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * What the failure path needs even when the command line is invalid (bootstrap.md §4): whether to suppress the error,
 * where the result line goes, and where {@code ld.so.preload} must still be created.
 *
 * @param configDirectory {@code null} when not given or unusable
 */
public record EarlyFlags(boolean suppressError, boolean debug, Path terminationLog, Path configDirectory) {
  public static final String DEFAULT_TERMINATION_LOG = "/dev/termination-log";

  /** Never fails: a value that is not a path falls back to the default (or to none). */
  public static EarlyFlags scan(String[] args) {
    ParsedFlags flags = ParsedFlags.parse(args);
    return new EarlyFlags(flags.isSet(BootstrapFlags.SUPPRESS_ERROR), flags.isSet(BootstrapFlags.DEBUG),
        path(flags.value(BootstrapFlags.TERMINATION_LOG, DEFAULT_TERMINATION_LOG), Path.of(DEFAULT_TERMINATION_LOG)),
        path(flags.value(BootstrapFlags.CONFIG_DIRECTORY, null), null));
  }

  private static Path path(String value, Path fallback) {
    if (value == null || value.isEmpty()) {
      return fallback;
    }
    try {
      return Path.of(value);
    } catch (InvalidPathException e) {
      return fallback;
    }
  }
}
