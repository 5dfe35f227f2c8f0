package com.astromkey.bootstrap.outcome;

/** A failure with its exit code; the message is the {@code reason} of the result line and never holds a token. */
public final class BootstrapException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ExitCode exitCode;

  public BootstrapException(ExitCode exitCode, String reason) {
    super(reason);
    this.exitCode = exitCode;
  }

  public BootstrapException(ExitCode exitCode, String reason, Throwable cause) {
    super(reason, cause);
    this.exitCode = exitCode;
  }

  public ExitCode exitCode() {
    return exitCode;
  }

  public static BootstrapException invalidFlags(String reason) {
    return new BootstrapException(ExitCode.INVALID_FLAGS, reason);
  }

  public static BootstrapException unavailable(String reason, Throwable cause) {
    return new BootstrapException(ExitCode.CODE_MODULES_UNAVAILABLE, reason, cause);
  }

  public static BootstrapException configWrite(String reason, Throwable cause) {
    return new BootstrapException(ExitCode.CONFIG_WRITE_FAILED, reason, cause);
  }
}
