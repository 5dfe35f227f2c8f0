package com.astromkey.csi;

import com.astromkey.domain.names.ObjectNames;

/**
 * The kubelet plugin-registration wire facts that only the CSI driver uses; the driver name, volume attributes, env
 * vars and Job names live in {@code com.astromkey.domain.names} with every other shared name.
 */
public final class CsiDriverNames {
  /** File name of the kubelet registration socket inside the registration directory. */
  public static final String REGISTRATION_SOCKET = ObjectNames.CSI_DRIVER + "-reg.sock";
  /** The only CSI version the kubelet may choose from our registration answer. */
  public static final String SUPPORTED_CSI_VERSION = "1.0.0";
  public static final String PLUGIN_TYPE_CSI = "CSIPlugin";

  private CsiDriverNames() {}
}
