package com.astromkey.tenant;

import java.util.Locale;

/** Installer architecture query value (`arch`) of the code-modules endpoints. */
public enum Arch {
  X86("x86"),
  ARM("arm");

  private final String query;

  Arch(String query) {
    this.query = query;
  }

  public String query() {
    return query;
  }

  /** Maps a Go/Kubernetes CPU name or a JVM {@code os.arch} to the tenant's name (operator.md §4.2). */
  public static Arch fromCpu(String cpu) {
    return switch (cpu.toLowerCase(Locale.ROOT)) {
      case "amd64", "x86_64", "x86" -> X86;
      case "arm64", "aarch64", "arm" -> ARM;
      default -> throw new IllegalArgumentException("Unsupported CPU architecture '" + cpu + "'; expected amd64 or arm64.");
    };
  }
}
