package com.astromkey.domain.dynakube.spec;

/** The four OneAgent modes, by their JSON field names. */
public enum OneAgentMode {
  CLASSIC_FULL_STACK("classicFullStack", true, false),
  CLOUD_NATIVE_FULL_STACK("cloudNativeFullStack", true, true),
  APPLICATION_MONITORING("applicationMonitoring", false, true),
  HOST_MONITORING("hostMonitoring", true, false);

  private final String field;
  private final boolean runsDaemonSet;
  private final boolean injectsCodeModules;

  OneAgentMode(String field, boolean runsDaemonSet, boolean injectsCodeModules) {
    this.field = field;
    this.runsDaemonSet = runsDaemonSet;
    this.injectsCodeModules = injectsCodeModules;
  }

  /** JSON field name, as used in messages ({@code spec.oneAgent.<field>}). */
  public String field() { return field; }

  public String path() { return "spec.oneAgent." + field; }

  public boolean runsDaemonSet() { return runsDaemonSet; }

  public boolean injectsCodeModules() { return injectsCodeModules; }

  /** Host modes run the OneAgent on a read-only host file system. */
  public boolean readOnlyHost() { return this == CLOUD_NATIVE_FULL_STACK || this == HOST_MONITORING; }
}
