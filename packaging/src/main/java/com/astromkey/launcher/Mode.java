package com.astromkey.launcher;

import java.io.PrintStream;

/** One way to run the astromkey-operator image, chosen by the first command-line argument. */
public interface Mode {
  /** The command-line name, e.g. {@code csi-server}. */
  String name();

  /** One line for the usage text. */
  String summary();

  /** Runs the mode with the arguments after the mode name and returns the process exit code. */
  int run(String[] args, PrintStream out, PrintStream err) throws Exception;
}
