package com.astromkey.domain.names;

/** Volume attributes of our CSI volumes: written by the webhook and the operator, read by the CSI server (csi-driver.md §3). */
public final class CsiVolumeAttributes {
  public static final String MODE = "mode";
  public static final String MODE_APP = "app";
  public static final String MODE_HOST = "host";
  public static final String DYNAKUBE = "dynakube";
  public static final String RETRY_TIMEOUT = "retryTimeout";

  /** Set by the kubelet for inline ephemeral volumes. */
  public static final String EPHEMERAL = "csi.storage.k8s.io/ephemeral";
  public static final String POD_NAME = "csi.storage.k8s.io/pod.name";
  public static final String POD_NAMESPACE = "csi.storage.k8s.io/pod.namespace";

  private CsiVolumeAttributes() {}
}
