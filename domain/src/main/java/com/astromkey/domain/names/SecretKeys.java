package com.astromkey.domain.names;

/** Data keys and types of the Secrets and ConfigMaps the components exchange. */
public final class SecretKeys {
  public static final String API_TOKEN = "apiToken";
  public static final String PAAS_TOKEN = "paasToken";
  public static final String DATA_INGEST_TOKEN = "dataIngestToken";

  /** The fixed key of a {@code spec.proxy.valueFrom} Secret. */
  public static final String PROXY = "proxy";
  /** The key of the {@code spec.trustedCAs} ConfigMap. */
  public static final String TRUSTED_CAS_CERTS = "certs";

  public static final String DOCKER_CONFIG_JSON = ".dockerconfigjson";
  public static final String TYPE_DOCKER_CONFIG_JSON = "kubernetes.io/dockerconfigjson";
  public static final String TYPE_DOCKERCFG_LEGACY = "kubernetes.io/dockercfg";

  public static final String TENANT_UUID = "tenant-uuid";
  public static final String COMMUNICATION_ENDPOINTS = "communication-endpoints";
  public static final String TENANT_TOKEN = "tenant-token";
  public static final String AUTH_TOKEN = "auth-token";

  public static final String DEPLOYMENT_METADATA_ONEAGENT = "oneagent";
  public static final String DEPLOYMENT_METADATA_ACTIVEGATE = "activegate";
  public static final String DEPLOYMENT_METADATA_OPERATOR = "operator";

  public static final String PROXY_HOST = "host";
  public static final String PROXY_PORT = "port";
  public static final String PROXY_USERNAME = "username";
  public static final String PROXY_PASSWORD = "password";
  public static final String PROXY_SCHEME = "scheme";

  public static final String AKAGENTPROC_JSON = "akagentproc.json";
  public static final String INITIAL_CONNECT_RETRY = "initial-connect-retry";
  public static final String AKCLIENT_CONFIG = "akclient.config";
  public static final String TRUSTED_PEM = "trusted.pem";
  /** Key of the bootstrapper-certs Secret for the ActiveGate's certificate (bootstrap.md §2.2). */
  public static final String ACTIVEGATE_PEM = "activegate.pem";

  public static final String CA_CRT = "ca.crt";
  public static final String CA_KEY = "ca.key";
  public static final String CA_CRT_OLD = "ca.crt.old";
  public static final String TLS_CRT = "tls.crt";
  public static final String TLS_KEY = "tls.key";

  private SecretKeys() {}

  /** Key of the i-th public key in the signature-keys ConfigMap, i from 0. */
  public static String signatureKey(int index) {
    return "key-" + index + ".pub";
  }
}
