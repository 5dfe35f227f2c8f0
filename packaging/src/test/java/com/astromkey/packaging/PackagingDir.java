package com.astromkey.packaging;

import java.nio.file.Path;

/**
 * Where the packaging module's files are for its test helpers: relative to the working directory (the module itself under
 * Maven), or below {@code -Dak.packaging.dir} when another module (e2e) reuses the helpers from its own working directory.
 */
public final class PackagingDir {
  public static final String PROPERTY = "ak.packaging.dir";

  private PackagingDir() {}

  /** {@code relative} below the packaging module. */
  public static Path resolve(String relative) {
    String base = System.getProperty(PROPERTY);
    return base == null || base.isBlank() ? Path.of(relative) : Path.of(base).resolve(relative);
  }
}
