package com.astromkey.domain.names;

/** Names of the environment variables our processes read and the ones set on agent and init containers. */
public final class EnvVars {
  public static final String POD_NAMESPACE = "POD_NAMESPACE";
  public static final String POD_NAME = "POD_NAME";
  public static final String JAVA_TOOL_OPTIONS = "JAVA_TOOL_OPTIONS";
  public static final String LD_PRELOAD = "LD_PRELOAD";
  public static final String HTTPS_PROXY = "HTTPS_PROXY";
  public static final String HTTP_PROXY = "HTTP_PROXY";
  public static final String NO_PROXY = "NO_PROXY";
  public static final String DOCKER_CONFIG = "DOCKER_CONFIG";

  public static final String AK_OPERATOR_IMAGE = "AK_OPERATOR_IMAGE";
  public static final String AK_OPERATOR_IMAGE_PULL_POLICY = "AK_OPERATOR_IMAGE_PULL_POLICY";
  public static final String AK_OPERATOR_PULL_SECRET = "AK_OPERATOR_PULL_SECRET";
  public static final String AK_OPERATOR_VERSION = "AK_OPERATOR_VERSION";
  public static final String AK_MODULES_JSON = "AK_MODULES_JSON";
  public static final String AK_HELM_JSON = "AK_HELM_JSON";
  public static final String AK_LOG_LEVEL = "AK_LOG_LEVEL";
  public static final String AK_DEFAULT_REQUEUE_AFTER = "AK_DEFAULT_REQUEUE_AFTER";
  public static final String AK_CLIENT_CONNECT_TIMEOUT = "AK_CLIENT_CONNECT_TIMEOUT";
  public static final String AK_CLIENT_READ_TIMEOUT = "AK_CLIENT_READ_TIMEOUT";
  public static final String AK_WEBHOOK_CERTS_ROOT_DURATION = "AK_WEBHOOK_CERTS_ROOT_DURATION";
  public static final String AK_WEBHOOK_CERTS_SERVER_DURATION = "AK_WEBHOOK_CERTS_SERVER_DURATION";
  public static final String AK_WEBHOOK_CERTS_RENEWAL_THRESHOLD = "AK_WEBHOOK_CERTS_RENEWAL_THRESHOLD";
  public static final String AK_WEBHOOK_CERTS_REQUEUE_AFTER = "AK_WEBHOOK_CERTS_REQUEUE_AFTER";
  public static final String AK_SIGNATURE_MODE = "AK_SIGNATURE_MODE";
  public static final String AK_SIGNATURE_KEYS_CONFIGMAP = "AK_SIGNATURE_KEYS_CONFIGMAP";
  public static final String AK_DEV_MODE = "AK_DEV_MODE";
  public static final String AK_DEV_TIME_SCALE = "AK_DEV_TIME_SCALE";
  public static final String AK_WEBHOOK_PORT = "AK_WEBHOOK_PORT";
  public static final String AK_HEALTH_PORT = "AK_HEALTH_PORT";
  public static final String AK_METRICS_PORT = "AK_METRICS_PORT";
  public static final String AK_WEBHOOK_TIMEOUT_SECONDS = "AK_WEBHOOK_TIMEOUT_SECONDS";
  public static final String AK_NODE_NAME = "AK_NODE_NAME";
  public static final String AK_PLATFORM = "AK_PLATFORM";
  public static final String AK_EXTRACT_MAX_BYTES = "AK_EXTRACT_MAX_BYTES";
  public static final String AK_CSI_DATA_DIR = "AK_CSI_DATA_DIR";
  public static final String AK_CSI_REGISTRATION_PATH = "AK_CSI_REGISTRATION_PATH";
  public static final String AK_CSI_MAX_GRPC_REQUESTS = "AK_CSI_MAX_GRPC_REQUESTS";
  public static final String AK_CSI_CLEANUP_PERIOD = "AK_CSI_CLEANUP_PERIOD";
  public static final String AK_CSI_CACHE_BUDGET = "AK_CSI_CACHE_BUDGET";
  public static final String AK_CSI_DIGEST_RECHECK_PERIOD = "AK_CSI_DIGEST_RECHECK_PERIOD";
  public static final String AK_CSI_MAX_PARALLEL_INSTALLS = "AK_CSI_MAX_PARALLEL_INSTALLS";

  /** Set on the injected init container from the downward API. */
  public static final String AK_POD_NAME = "AK_POD_NAME";
  public static final String AK_POD_UID = "AK_POD_UID";

  /** Agent contract (README §5.1). */
  public static final String AK_TENANT = "AK_TENANT";
  public static final String AK_SERVER = "AK_SERVER";
  public static final String AK_K8S_NODE_NAME = "AK_K8S_NODE_NAME";
  public static final String AK_K8S_CLUSTER_ID = "AK_K8S_CLUSTER_ID";
  public static final String AK_DEPLOYMENT_METADATA = "AK_DEPLOYMENT_METADATA";
  public static final String AK_CAPABILITIES = "AK_CAPABILITIES";
  public static final String AK_ID_SEED_NAMESPACE = "AK_ID_SEED_NAMESPACE";
  public static final String AK_ID_SEED_K8S_CLUSTER_ID = "AK_ID_SEED_K8S_CLUSTER_ID";
  public static final String AK_HTTP_PORT = "AK_HTTP_PORT";
  public static final String AK_GROUP = "AK_GROUP";
  public static final String AK_NETWORK_ZONE = "AK_NETWORK_ZONE";
  public static final String AK_STORAGE = "AK_STORAGE";
  public static final String ONEAGENT_READ_ONLY_MODE = "ONEAGENT_READ_ONLY_MODE";
  public static final String ONEAGENT_ENABLE_VOLUME_STORAGE = "ONEAGENT_ENABLE_VOLUME_STORAGE";
  public static final String ONEAGENT_INSTALLER_SCRIPT_URL = "ONEAGENT_INSTALLER_SCRIPT_URL";
  public static final String ONEAGENT_INSTALLER_TOKEN = "ONEAGENT_INSTALLER_TOKEN";

  private EnvVars() {}
}
