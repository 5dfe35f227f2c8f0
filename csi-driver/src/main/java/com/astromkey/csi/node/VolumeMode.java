package com.astromkey.csi.node;

import com.astromkey.domain.names.CsiVolumeAttributes;

/** The two kinds of volume the webhook and the operator request through {@code volume_context["mode"]}. */
public enum VolumeMode {
  /** Code modules for injected pods, read-only overlay. */
  APP(CsiVolumeAttributes.MODE_APP),
  /** OneAgent storage for host monitoring, read-write bind. */
  HOST(CsiVolumeAttributes.MODE_HOST);

  private final String value;

  VolumeMode(String value) {
    this.value = value;
  }

  public String value() {
    return value;
  }
}
