package com.astromkey.tenant;

/** Which of the two tenant tokens an endpoint is called with (tenant-api.md §2, column "Token"). */
public enum TokenKind {
  API("api"),
  PAAS("paas");

  private final String label;

  TokenKind(String label) {
    this.label = label;
  }

  /** The lower-case name the simulator log and metrics use. */
  public String label() {
    return label;
  }
}
