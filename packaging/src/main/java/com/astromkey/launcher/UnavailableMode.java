package com.astromkey.launcher;

import java.io.PrintStream;

/** A mode the product defines but this build does not contain yet: it says so and fails instead of pretending to work. */
final class UnavailableMode implements Mode {
  /** Distinct from the usage (2) and validation (1) codes so that scripts can tell a missing mode apart. */
  static final int EXIT_NOT_AVAILABLE = 3;

  private final String name;
  private final String summary;

  UnavailableMode(String name, String summary) {
    this.name = name;
    this.summary = summary;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String summary() {
    return summary + " [not available in this build]";
  }

  @Override
  public int run(String[] args, PrintStream out, PrintStream err) {
    err.println("astromkey-operator: mode '" + name + "' is not available in this build ("
        + Main.VERSION + "); see docs/modes.md for what each release contains.");
    return EXIT_NOT_AVAILABLE;
  }
}
