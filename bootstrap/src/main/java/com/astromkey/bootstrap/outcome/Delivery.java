package com.astromkey.bootstrap.outcome;

/** How the code modules reached {@code --target}, as named in the result line (bootstrap.md §3). */
public enum Delivery {
  CSI("csi"),
  COPY("copy"),
  ZIP("zip");

  private final String label;

  Delivery(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }
}
