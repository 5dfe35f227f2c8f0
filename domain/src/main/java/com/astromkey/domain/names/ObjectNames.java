package com.astromkey.domain.names;

import com.astromkey.domain.dynakube.DynaKube;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Names of every Kubernetes object, container and volume the operator, webhook and CSI driver create or read. */
public final class ObjectNames {
  public static final String DEFAULT_OPERATOR_NAMESPACE = "astromkey";
  public static final String KUBE_SYSTEM_NAMESPACE = "kube-system";

  public static final String OPERATOR_DEPLOYMENT = "astromkey-operator";
  public static final String OPERATOR_SERVICE_ACCOUNT = "astromkey-operator";
  public static final String OPERATOR_LEASE = "astromkey-operator-lock";
  public static final String OPERATOR_CONTAINER = "operator";

  public static final String WEBHOOK_DEPLOYMENT = "astromkey-webhook";
  public static final String WEBHOOK_SERVICE = "astromkey-webhook";
  public static final String WEBHOOK_SERVICE_ACCOUNT = "astromkey-webhook";
  public static final String WEBHOOK_CONTAINER = "webhook";
  public static final String WEBHOOK_CA_SECRET = "astromkey-webhook-ca";
  public static final String WEBHOOK_CERTS_SECRET = "astromkey-webhook-certs";
  public static final String MUTATING_WEBHOOK_CONFIGURATION = "astromkey-webhook";
  public static final String VALIDATING_WEBHOOK_CONFIGURATION = "astromkey-webhook";
  public static final String POD_WEBHOOK = "webhook.pod.astromkey.com";
  public static final String NAMESPACE_WEBHOOK = "webhook.ns.astromkey.com";
  public static final String DYNAKUBE_VALIDATION_WEBHOOK = "v1beta5.dynakube.webhook.astromkey.com";
  public static final String WEBHOOK_CA_COMMON_NAME = "astromkey-webhook-ca";

  public static final String CSI_DRIVER = "csi.oneagent.astromkey.com";
  public static final String CSI_DAEMONSET = "astromkey-csi-driver";
  public static final String CSI_SERVICE_ACCOUNT = "astromkey-csi-driver";
  public static final String CSI_PRIORITY_CLASS = "astromkey-high-priority";
  public static final String CSI_INIT_CONTAINER = "csi-init";
  public static final String CSI_SERVER_CONTAINER = "server";
  public static final String CSI_PROVISIONER_CONTAINER = "provisioner";
  public static final String CSI_REGISTRAR_CONTAINER = "registrar";
  public static final String CSI_LIVENESS_CONTAINER = "liveness-probe";
  public static final String CODEMODULE_DOWNLOAD_CONTAINER = "codemodule-download";
  public static final String CODEMODULE_DOWNLOAD_JOB_PREFIX = "codemodule-download-";

  public static final String ONEAGENT_SERVICE_ACCOUNT = "astromkey-dynakube-oneagent";
  public static final String ONEAGENT_CONTAINER = "astromkey-oneagent";
  public static final String ACTIVEGATE_SERVICE_ACCOUNT = "astromkey-activegate";
  public static final String ACTIVEGATE_CONTAINER = "activegate";

  /** The init container injected into application pods; also the marker for reinvocation. */
  public static final String INJECTION_INIT_CONTAINER = "astromkey-operator";
  public static final String INJECTION_PULL_SECRET = "astromkey-injection-pull-secret";
  public static final String BOOTSTRAPPER_CONFIG_SECRET = "astromkey-bootstrapper-config";
  public static final String BOOTSTRAPPER_CERTS_SECRET = "astromkey-bootstrapper-certs";
  public static final String SIGNATURE_KEYS_CONFIGMAP = "astromkey-signature-keys";

  public static final String VOLUME_ONEAGENT_BIN = "oneagent-bin";
  public static final String VOLUME_ASTROMKEY_CONFIG = "astromkey-config";
  public static final String VOLUME_ASTROMKEY_INPUT = "astromkey-input";
  public static final String VOLUME_HOST_ROOT = "host-root";
  public static final String VOLUME_ONEAGENT_TENANT_TOKEN = "oneagent-tenant-token";
  public static final String VOLUME_OSAGENT_STORAGE = "osagent-storage";
  public static final String VOLUME_CLUSTER_CA = "astromkey-cluster-ca";
  public static final String VOLUME_GATEWAY_TMP = "astromkey-gateway-tmp";

  public static final String DYNAKUBE_FINALIZER = "dynakube.astromkey.com/cleanup";

  private static final int JOB_HASH_LENGTH = 10;

  private ObjectNames() {}

  public static String tokensSecretName(DynaKube dk) {
    return dk.getSpec().tokensOr(dk.getMetadata().getName());
  }

  public static String pullSecretName(DynaKube dk) {
    return pullSecretName(name(dk));
  }

  public static String pullSecretName(String dkName) {
    return dkName + "-pull-secret";
  }

  public static String oneAgentDaemonSetName(DynaKube dk) {
    return oneAgentDaemonSetName(name(dk));
  }

  public static String oneAgentDaemonSetName(String dkName) {
    return dkName + "-oneagent";
  }

  public static String activeGateStatefulSetName(DynaKube dk) {
    return activeGateStatefulSetName(name(dk));
  }

  public static String activeGateStatefulSetName(String dkName) {
    return dkName + "-activegate";
  }

  public static String activeGateServiceName(DynaKube dk) {
    return activeGateStatefulSetName(dk);
  }

  public static String deploymentMetadataConfigMapName(DynaKube dk) {
    return name(dk) + "-deployment-metadata";
  }

  public static String internalProxySecretName(DynaKube dk) {
    return name(dk) + "-internal-proxy";
  }

  public static String oneAgentConnectionInfoConfigMapName(DynaKube dk) {
    return name(dk) + "-oneagent-connection-info";
  }

  public static String oneAgentTenantSecretName(DynaKube dk) {
    return name(dk) + "-oneagent-tenant-secret";
  }

  public static String activeGateConnectionInfoConfigMapName(DynaKube dk) {
    return name(dk) + "-activegate-connection-info";
  }

  public static String activeGateTenantSecretName(DynaKube dk) {
    return name(dk) + "-activegate-tenant-secret";
  }

  public static String activeGateAuthTokenSecretName(DynaKube dk) {
    return name(dk) + "-activegate-authtoken-secret";
  }

  public static String bootstrapperConfigSourceName(DynaKube dk) {
    return name(dk) + "-bootstrapper-config";
  }

  public static String bootstrapperCertsSourceName(DynaKube dk) {
    return name(dk) + "-bootstrapper-certs";
  }

  /** The per-DynaKube source of the {@link #INJECTION_PULL_SECRET} replicas. */
  public static String injectionPullSecretSourceName(DynaKube dk) {
    return name(dk) + "-injection-pull-secret";
  }

  /** {@code codemodule-download-<first 10 hex of sha256(image + node)>} (csi-driver.md §6.3). */
  public static String nodeImagePullJobName(String image, String nodeName) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256")
          .digest((image + nodeName).getBytes(StandardCharsets.UTF_8));
      return CODEMODULE_DOWNLOAD_JOB_PREFIX + HexFormat.of().formatHex(hash).substring(0, JOB_HASH_LENGTH);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM provides SHA-256", e);
    }
  }

  /** The DNS name the webhook server certificate is issued for (CN). */
  public static String webhookServiceHost(String namespace) {
    return WEBHOOK_SERVICE + "." + namespace + ".svc";
  }

  private static String name(DynaKube dk) {
    return dk.getMetadata().getName();
  }
}
