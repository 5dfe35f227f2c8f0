package com.astromkey.domain.names;

/** File-system paths and HTTP paths fixed by the spec, shared by the components that write and read them. */
public final class PathNames {
  public static final String CODE_MODULES_SOURCE = "/opt/astromkey/oneagent";
  /** The subtree of a code-modules image that is extracted. */
  public static final String CODE_MODULES_IMAGE_SUBTREE = "opt/astromkey/oneagent/";
  public static final String DEFAULT_INSTALL_PATH = "/opt/astromkey/oneagent-paas";
  public static final String INIT_BIN = "/mnt/bin";
  public static final String INIT_CONFIG = "/mnt/config";
  public static final String INIT_INPUT = "/mnt/input";
  public static final String LD_SO_PRELOAD = "/etc/ld.so.preload";
  public static final String LD_SO_PRELOAD_SUB_PATH = ".astromkey/ld.so.preload";
  public static final String CONTAINER_STATE_DIR = "/var/lib/astromkey";
  public static final String AGENT_STORAGE = "/var/lib/astromkey/oneagent";
  public static final String AGENT_LIBRARY = "agent/lib64/liboneagentproc.so";

  public static final String DEFAULT_STORAGE_HOST_PATH = "/var/opt/astromkey";
  public static final String HOST_ROOT_MOUNT = "/mnt/root";
  public static final String VOLUME_STORAGE_MOUNT = "/mnt/volume_storage_mount";
  public static final String ONEAGENT_CERTS = "/mnt/astromkey/certs";
  public static final String TENANT_TOKEN_FILE = "/var/lib/astromkey/secrets/tokens/tenant-token";
  public static final String AUTH_TOKEN_FILE = "/var/lib/astromkey/secrets/tokens/auth-token";
  public static final String ACTIVEGATE_ROOT_CA = "/var/lib/astromkey/secrets/rootca";
  public static final String ACTIVEGATE_INTERNAL_PROXY = "/var/lib/astromkey/secrets/internal-proxy";
  public static final String ACTIVEGATE_GATEWAY = "/var/lib/astromkey/gateway";
  public static final String ACTIVEGATE_GATEWAY_TMP = "/var/tmp/astromkey/gateway";
  public static final String HEALTHCHECK_BINARY = "/usr/bin/watchdog-healthcheck64";

  public static final String WEBHOOK_CERTS_DIR = "/var/run/astromkey/webhook-certs";
  public static final String CSI_DATA_DIR = "/data";
  public static final String DEFAULT_KUBELET_PATH = "/var/lib/kubelet";

  public static final String WEBHOOK_INJECT = "/inject";
  public static final String WEBHOOK_LABEL_NAMESPACE = "/label-ns";
  public static final String WEBHOOK_VALIDATE_DYNAKUBE = "/validate-astromkey-com-v1beta5-dynakube";

  private PathNames() {}
}
