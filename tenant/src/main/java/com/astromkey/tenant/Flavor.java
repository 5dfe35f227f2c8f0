package com.astromkey.tenant;

/** Installer flavor query value of the code-modules endpoints. */
public enum Flavor {
  DEFAULT("default"),
  MULTIDISTRO("multidistro");

  private final String query;

  Flavor(String query) {
    this.query = query;
  }

  public String query() {
    return query;
  }
}
