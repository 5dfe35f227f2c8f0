package com.astromkey.operator.status;

import com.astromkey.tenant.TenantApiException;

/** Condition and event messages: stable texts (no timestamps, IPs or raw exception text) so status writes stay idempotent. */
public final class Messages {
  public static final String TOKENS_VALID = "Tokens are valid.";
  public static final String CODE_MODULES_NOT_READY =
      "Code modules are not resolved yet; new pods are not injected until they are.";
  public static final String CODE_MODULES_READY = "Code modules are resolved; new pods in monitored namespaces are injected.";
  public static final String CODE_MODULES_NOT_VERIFIED =
      "The code-modules image is not verified and signature verification is enforced; new pods are not injected until it is.";
  public static final String VALIDATION_PASSED = "The DynaKube passes validation.";

  private Messages() {}

  public static String tokenSecretNotFound(String namespace, String name) {
    return "Secret " + namespace + "/" + name + " named by spec.tokens does not exist; create it with the key apiToken.";
  }

  public static String tokenMissing(String namespace, String name) {
    return "Secret " + namespace + "/" + name + " has no key apiToken.";
  }

  public static String tokenWhitespace(String key, String namespace, String name) {
    return "Token '" + key + "' in secret " + namespace + "/" + name + " starts or ends with whitespace; remove it.";
  }

  public static String scopeMissing(String tokenKey, String scopes) {
    return tokenKey + " is missing the scopes " + scopes + "; add them in the tenant or use another token.";
  }

  public static String tokenRejected(String tokenKey, int status) {
    return "The tenant rejected " + tokenKey + " (HTTP " + status + "). Check that the token exists and is not expired.";
  }

  /** The short form of a tenant failure used in messages: {@code HTTP 503} or the error class. */
  public static String shortError(TenantApiException e) {
    return e.statusCode() > 0 ? "HTTP " + e.statusCode() : e.kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
  }

  public static String versionFailed(TenantApiException e, String kept) {
    return kept == null || kept.isEmpty()
        ? "Latest version request failed (" + shortError(e) + ")."
        : "Latest version request failed (" + shortError(e) + "); keeping " + kept + ".";
  }

  public static String customImage(String image) {
    return "Image set in the spec is used as is: " + image + ".";
  }

  public static String customVersion(String version) {
    return "Version " + version + " set in the spec.";
  }

  public static String tenantVersion(String version) {
    return "Latest version " + version + " from the tenant.";
  }

  public static String connectionInfoReady(String tenantUUID) {
    return "Connection info of tenant " + tenantUUID + " is known.";
  }

  public static String connectionInfoFailed(TenantApiException e, boolean kept) {
    return "Connection info request failed (" + shortError(e) + ")" + (kept ? "; keeping the previous one." : ".");
  }

  public static String noEndpoints(String networkZone) {
    return networkZone == null || networkZone.isEmpty()
        ? "The tenant returned no communication endpoints; retrying in 1 minute."
        : "The tenant returned no communication endpoints for zone '" + networkZone + "'; retrying in 1 minute.";
  }

  public static String missingTenantUuid(String secretName) {
    return "Cannot build " + secretName + " before the tenant UUID is known.";
  }

  public static String secretWritten(String name) {
    return "Secret " + name + " is up to date.";
  }

  public static String kubeApiError(String kind, String name, int code) {
    return "Kubernetes API error writing " + kind + " " + name + " (HTTP " + code + ").";
  }

  public static String customPullSecretFound(String namespace, String name) {
    return "Secret " + namespace + "/" + name + " from spec.customPullSecret exists.";
  }

  public static String customPullSecretNotFound(String namespace, String name) {
    return "Secret " + namespace + "/" + name + " from spec.customPullSecret does not exist; workloads referencing it cannot"
        + " pull private images until it is created.";
  }

  public static String customPullSecretWrongType(String namespace, String name) {
    return "Secret " + namespace + "/" + name + " must have type kubernetes.io/dockerconfigjson with key .dockerconfigjson"
        + " (the legacy kubernetes.io/dockercfg is not read).";
  }

  public static String workload(String kind, String name, String reason) {
    String state = ConditionTypes.REASON_CREATED.equals(reason) ? "was created"
        : ConditionTypes.REASON_UPDATED.equals(reason) ? "was updated" : "is up to date";
    return kind + " " + name + " " + state + ".";
  }

  public static String namespacesLabelled(int count) {
    return count + " namespace(s) are monitored.";
  }

  public static String namespaceConflict(java.util.List<String> names) {
    java.util.List<String> shown = names.subList(0, Math.min(names.size(), 5));
    return "Namespaces " + String.join(", ", shown) + (names.size() > shown.size() ? " and " + (names.size() - shown.size())
        + " more" : "") + " match this DynaKube but are already monitored by another DynaKube.";
  }

  public static String authTokenFailed(TenantApiException e) {
    return "ActiveGate token request failed (" + shortError(e) + ").";
  }

  public static String validationFailed(java.util.List<String> errors) {
    return String.join(" ", errors);
  }

  public static String signatureVerified(String subject) {
    return subject + " is signed by a configured key.";
  }

  public static String signatureMissing(String subject) {
    return "No signature of " + subject + " was found; sign the image or use a signed one.";
  }

  public static String signatureInvalid(String subject) {
    return "No signature of " + subject + " matches the configured keys.";
  }

  public static String signatureUnchecked(String image) {
    return "The signature of " + image + " could not be checked (registry, network or credential error); the check is"
        + " repeated later.";
  }

  public static String signatureNoKeys(String namespace, String configMap) {
    return "ConfigMap " + namespace + "/" + configMap + " holds no usable public key (data keys ending in .pub, PEM ECDSA"
        + " P-256); the code-modules image cannot be verified.";
  }

  public static String signatureBadReference(String image) {
    return "codeModulesImage " + image + " is not a valid image reference; it cannot be verified.";
  }
}
