package com.astromkey.launcher;

import java.io.PrintStream;

/** A mode implemented by a module's {@code run(args, out, err)} entry point. */
final class EntryPointMode implements Mode {
  /** The shape every mode module's main class offers to the launcher. */
  @FunctionalInterface
  interface EntryPoint {
    int run(String[] args, PrintStream out, PrintStream err) throws Exception;
  }

  private final String name;
  private final String summary;
  private final EntryPoint entryPoint;

  EntryPointMode(String name, String summary, EntryPoint entryPoint) {
    this.name = name;
    this.summary = summary;
    this.entryPoint = entryPoint;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String summary() {
    return summary;
  }

  @Override
  public int run(String[] args, PrintStream out, PrintStream err) throws Exception {
    return entryPoint.run(args, out, err);
  }
}
