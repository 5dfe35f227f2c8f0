package com.astromkey.csi.node;

/** The two kinds of volume the webhook and the operator request through {@code volume_context["mode"]}. */
public enum VolumeMode {
  /** Code modules for injected pods, read-only overlay. */
  APP("app"),
  /** OneAgent storage for host monitoring, read-write bind. */
  HOST("host");

  private final String value;

  VolumeMode(String value) {
    this.value = value;
  }

  public String value() {
    return value;
  }
}
