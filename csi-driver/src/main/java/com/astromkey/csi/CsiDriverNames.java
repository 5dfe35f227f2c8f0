package com.astromkey.csi;

/** Every name the CSI driver shares with the kubelet, the webhook and the chart (csi-driver.md §1, §3, §9). */
public final class CsiDriverNames {
  public static final String DRIVER_NAME = "csi.oneagent.astromkey.com";
  /** File name of the kubelet registration socket inside the registration directory. */
  public static final String REGISTRATION_SOCKET = DRIVER_NAME + "-reg.sock";
  /** The only CSI version the kubelet may choose from our registration answer. */
  public static final String SUPPORTED_CSI_VERSION = "1.0.0";
  public static final String PLUGIN_TYPE_CSI = "CSIPlugin";

  public static final String CTX_EPHEMERAL = "csi.storage.k8s.io/ephemeral";
  public static final String CTX_POD_NAME = "csi.storage.k8s.io/pod.name";
  public static final String CTX_POD_NAMESPACE = "csi.storage.k8s.io/pod.namespace";
  public static final String CTX_MODE = "mode";
  public static final String CTX_DYNAKUBE = "dynakube";
  public static final String CTX_RETRY_TIMEOUT = "retryTimeout";

  public static final String ENV_DATA_DIR = "AK_CSI_DATA_DIR";
  public static final String ENV_MAX_GRPC_REQUESTS = "AK_CSI_MAX_GRPC_REQUESTS";
  public static final String ENV_NODE_NAME = "AK_NODE_NAME";

  private CsiDriverNames() {}

  /** Name of the node-image-pull Job: {@code codemodule-download-<first 10 hex of sha256(image + node)>} (§6.3). */
  public static String codeModuleDownloadJobName(String image, String node) {
    try {
      byte[] d = java.security.MessageDigest.getInstance("SHA-256")
          .digest((image + node).getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return "codemodule-download-" + java.util.HexFormat.of().formatHex(d).substring(0, 10);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
