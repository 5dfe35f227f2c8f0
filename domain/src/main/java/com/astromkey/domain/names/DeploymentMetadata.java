package com.astromkey.domain.names;

/** The agent-contract deployment metadata string (README §5.1), written into env and ConfigMaps by operator and webhook. */
public final class DeploymentMetadata {
  public static final String CLASSIC_FULLSTACK = "classic_fullstack";
  public static final String CLOUD_NATIVE_FULLSTACK = "cloud_native_fullstack";
  public static final String HOST_MONITORING = "host_monitoring";
  public static final String APPLICATION_MONITORING = "application_monitoring";
  public static final String ACTIVE_GATE = "active_gate";

  private DeploymentMetadata() {}

  /** {@code deployment=operator-<type>;operator_version=<version>;cluster_id=<kubeSystemUUID>}. */
  public static String value(String type, String operatorVersion, String clusterId) {
    return "deployment=operator-" + type + ";operator_version=" + operatorVersion + ";cluster_id=" + clusterId;
  }
}
