package com.astromkey.bootstrap.outcome;

/** Process exit codes of the bootstrap (bootstrap.md §4). */
public enum ExitCode {
  OK(0),
  UNEXPECTED(1),
  INVALID_FLAGS(2),
  CODE_MODULES_UNAVAILABLE(3),
  UNSAFE_ARCHIVE(4),
  CONFIG_WRITE_FAILED(5);

  private final int code;

  ExitCode(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  /** What the process returns: with {@code --suppress-error} the pod must start whatever went wrong. */
  public int processExit(boolean suppressError) {
    return suppressError ? OK.code : code;
  }
}
