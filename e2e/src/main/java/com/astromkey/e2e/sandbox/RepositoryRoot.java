package com.astromkey.e2e.sandbox;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the checkout the harness runs from: the chart's manifests and the launcher script live there. */
public final class RepositoryRoot {
  public static final String PROPERTY = "ak.repo.root";

  private RepositoryRoot() {}

  /** {@code -Dak.repo.root} when set (failsafe and bin/demo set it), else the first parent of the working directory with {@code packaging/}. */
  public static Path find() {
    String configured = System.getProperty(PROPERTY);
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured).toAbsolutePath().normalize();
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isDirectory(dir.resolve("packaging/src/main/manifests"))) {
        return dir;
      }
    }
    throw new IllegalStateException("cannot find the repository root (no packaging/src/main/manifests above "
        + Path.of("").toAbsolutePath() + "); set -D" + PROPERTY);
  }
}
