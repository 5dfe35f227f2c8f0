package com.astromkey.oci.cli;

/** One troubleshoot result, printed as {@code [PASS|WARN|FAIL] <check>: <detail>} plus a fix hint (registry.md §12). */
public record CheckLine(Status status, String check, String detail, String hint) {

  /** Ordered by severity, so the worst status of a run is the maximum. */
  public enum Status { PASS, WARN, FAIL }

  public static CheckLine pass(String check, String detail) {
    return new CheckLine(Status.PASS, check, detail, null);
  }

  public static CheckLine warn(String check, String detail, String hint) {
    return new CheckLine(Status.WARN, check, detail, hint);
  }

  public static CheckLine fail(String check, String detail, String hint) {
    return new CheckLine(Status.FAIL, check, detail, hint);
  }

  /** The printed form; the hint follows on an indented line so the first line stays grep-able. */
  public String format() {
    String line = "[" + status + "] " + check + ": " + detail;
    return hint == null ? line : line + System.lineSeparator() + "       fix: " + hint;
  }
}
