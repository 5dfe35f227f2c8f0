package com.astromkey.operator.status;

/** Condition types and reasons of operator.md §8, spelled once. */
public final class ConditionTypes {
  public static final String TOKENS = "Tokens";
  public static final String ONEAGENT_VERSION = "OneAgentVersion";
  public static final String ACTIVEGATE_VERSION = "ActiveGateVersion";
  public static final String CODE_MODULES_VERSION = "CodeModulesVersion";
  public static final String PULL_SECRET = "PullSecret";
  public static final String CUSTOM_PULL_SECRET = "CustomPullSecret";
  public static final String ONEAGENT_CONNECTION_INFO = "OneAgentConnectionInfo";
  public static final String ACTIVEGATE_CONNECTION_INFO = "ActiveGateConnectionInfo";
  public static final String ONEAGENT_DAEMONSET = "OneAgentDaemonSet";
  public static final String ACTIVEGATE_STATEFULSET = "ActiveGateStatefulSet";
  public static final String ACTIVEGATE_AUTH_TOKEN_SECRET = "ActiveGateAuthTokenSecret";
  public static final String CODE_MODULES_INJECTION = "CodeModulesInjection";
  public static final String BOOTSTRAPPER_CONFIG = "BootstrapperConfig";
  public static final String BOOTSTRAPPER_CERTS_CONFIG = "BootstrapperCertsConfig";
  public static final String INJECTION_PULL_SECRET = "InjectionPullSecret";
  public static final String NAMESPACES_MONITORED = "OneAgentNamespacesMonitored";
  /** Ours: operator.md §4.5. */
  public static final String CODE_MODULES_SIGNATURE = "CodeModulesSignature";
  /** Ours: the operator's re-check with the shared validator. */
  public static final String VALID = "Valid";

  public static final String REASON_TOKEN_READY = "TokenReady";
  public static final String REASON_TOKEN_SECRET_NOT_FOUND = "TokenSecretNotFound";
  public static final String REASON_TOKEN_MISSING = "TokenMissing";
  public static final String REASON_TOKEN_WHITESPACE = "TokenWhitespace";
  public static final String REASON_SCOPE_MISSING = "ScopeMissing";
  public static final String REASON_TOKEN_ERROR = "TokenError";
  public static final String REASON_VERIFIED = "Verified";
  public static final String REASON_VERIFICATION_SKIPPED = "VerificationSkipped";
  public static final String REASON_API_ERROR = "AstromkeyApiError";
  public static final String REASON_KUBE_API_ERROR = "KubeApiError";
  public static final String REASON_SECRET_CREATED = "SecretCreated";
  public static final String REASON_SECRET_UPDATED = "SecretUpdated";
  public static final String REASON_SECRET_UP_TO_DATE = "SecretUpToDate";
  public static final String REASON_MISSING_TENANT_UUID = "MissingTenantUUID";
  public static final String REASON_FOUND = "Found";
  public static final String REASON_NOT_FOUND = "NotFound";
  public static final String REASON_WRONG_TYPE = "WrongType";
  public static final String REASON_READY = "Ready";
  public static final String REASON_NOT_READY = "NotReady";
  public static final String REASON_NO_ENDPOINTS = "NoEndpoints";
  public static final String REASON_CREATED = "Created";
  public static final String REASON_UPDATED = "Updated";
  public static final String REASON_UP_TO_DATE = "UpToDate";
  public static final String REASON_SECRET_CREATED_OR_UPDATED = "SecretCreatedOrUpdated";
  public static final String REASON_NAMESPACES_LABELLED = "NamespacesLabelled";
  public static final String REASON_NAMESPACE_CONFLICT = "NamespaceConflict";
  public static final String REASON_VALIDATION_PASSED = "ValidationPassed";
  public static final String REASON_VALIDATION_FAILED = "ValidationFailed";

  private ConditionTypes() {}
}
