package com.astromkey.operator.tokens;

import com.astromkey.domain.dynakube.ApiUrl;
import com.astromkey.domain.dynakube.DynaKube;
import com.astromkey.domain.dynakube.status.AstromkeyApiStatus;
import com.astromkey.domain.feature.FeatureFlags;
import com.astromkey.domain.names.ObjectNames;
import com.astromkey.domain.names.SecretKeys;
import com.astromkey.operator.OperatorConfig;
import com.astromkey.operator.dynakube.ReconcileRun;
import com.astromkey.operator.dynakube.StepResult;
import com.astromkey.operator.events.EventRecorder;
import com.astromkey.operator.kube.ObjectWriter;
import com.astromkey.operator.proxy.ProxyStep;
import com.astromkey.operator.status.ConditionTypes;
import com.astromkey.operator.status.Messages;
import com.astromkey.operator.tenant.TenantApi;
import com.astromkey.operator.tenant.TenantApiFactory;
import com.astromkey.tenant.NoProxy;
import com.astromkey.tenant.ProxyConfig;
import com.astromkey.tenant.TenantApiException;
import com.astromkey.tenant.TenantClientConfig;
import com.astromkey.tenant.TenantTokens;
import com.astromkey.tenant.TokenKind;
import com.astromkey.tenant.TokenRequirements;
import com.astromkey.tenant.TokenScopes;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Step 2: reads the tokens Secret, builds the tenant client and checks token scopes (tenant-api.md §3), the scope check
 * throttled by {@code astromkeyApiRequestThreshold} unless the tokens, the API URL or the ActiveGate switch changed.
 */
public final class TokensStep {
  private final TenantApiFactory tenants;
  private final Clock clock;
  private final Map<String, ScopeCheck> lastChecks = new ConcurrentHashMap<>();

  private record ScopeCheck(String fingerprint, Instant at) {}

  public TokensStep(TenantApiFactory tenants, Clock clock) {
    this.tenants = tenants;
    this.clock = clock;
  }

  public StepResult run(ReconcileRun run) {
    DynaKube dk = run.dk();
    String secretName = ObjectNames.tokensSecretName(dk);
    Secret secret = run.kube().get(Secret.class, run.namespace(), secretName);
    TokensRead read = read(secret, run.namespace(), secretName);
    if (read.tokens() == null) {
      return invalid(run, read.reason(), read.message());
    }
    TenantTokens tokens = read.tokens();
    run.tokens(tokens, secret.getMetadata().getResourceVersion());
    run.apiUrl(ApiUrl.parse(dk.getSpec().getApiUrl()));
    run.proxyUrl(ProxyStep.resolve(dk, run.kube()));
    run.trustedPems(trustedPems(dk, run.kube()));
    TenantApi tenant = tenants.forDynaKube(dk.getMetadata().getUid(),
        clientConfig(dk, tokens, run.proxyUrl(), run.trustedPems(), run.config(), clock));
    run.tenant(tenant);
    return checkScopes(run, tenant);
  }

  /** Scope lookups of tenant-api.md §3: each missing scope as {@code <secret key>:<scope>}, API token first. */
  public static List<String> missingScopes(TenantApi tenant, TenantTokens tokens, boolean activeGate) {
    List<String> missing = new ArrayList<>();
    TokenScopes apiScopes = tenant.tokenScopes(tokens.apiToken());
    apiScopes.missing(TokenRequirements.requiredScopes(TokenKind.API, tokens.hasPaasToken(), activeGate))
        .forEach(scope -> missing.add(SecretKeys.API_TOKEN + ":" + scope));
    if (tokens.hasPaasToken()) {
      TokenScopes paasScopes = tenant.tokenScopes(tokens.paasToken());
      paasScopes.missing(TokenRequirements.requiredScopes(TokenKind.PAAS, true, activeGate))
          .forEach(scope -> missing.add(SecretKeys.PAAS_TOKEN + ":" + scope));
    }
    return missing;
  }

  /** The tokens of the Secret, or why it cannot be used (condition reason and stable message). */
  public record TokensRead(TenantTokens tokens, String reason, String message) {}

  /** Reads the tokens Secret ({@code null} when absent) as the reconcile does; troubleshoot reports the same problems. */
  public static TokensRead read(Secret secret, String namespace, String secretName) {
    if (secret == null) {
      return new TokensRead(null, ConditionTypes.REASON_TOKEN_SECRET_NOT_FOUND,
          Messages.tokenSecretNotFound(namespace, secretName));
    }
    String apiToken = decode(secret, SecretKeys.API_TOKEN);
    String paasToken = decode(secret, SecretKeys.PAAS_TOKEN);
    if (apiToken == null || apiToken.isEmpty()) {
      return new TokensRead(null, ConditionTypes.REASON_TOKEN_MISSING, Messages.tokenMissing(namespace, secretName));
    }
    for (String key : List.of(SecretKeys.API_TOKEN, SecretKeys.PAAS_TOKEN)) {
      String value = decode(secret, key);
      if (value != null && !value.equals(value.strip())) {
        return new TokensRead(null, ConditionTypes.REASON_TOKEN_WHITESPACE,
            Messages.tokenWhitespace(key, namespace, secretName));
      }
    }
    return new TokensRead(new TenantTokens(apiToken, paasToken == null || paasToken.isEmpty() ? null : paasToken), null,
        null);
  }

  public void forget(String uid) {
    lastChecks.remove(uid);
  }

  private StepResult checkScopes(ReconcileRun run, TenantApi tenant) {
    String uid = run.dk().getMetadata().getUid();
    boolean activeGate = run.dk().getSpec().activeGateEnabled();
    String fingerprint = run.tokensResourceVersion() + "|" + run.dk().getSpec().getApiUrl() + "|" + activeGate;
    ScopeCheck last = lastChecks.get(uid);
    Duration threshold = Duration.ofMinutes(run.dk().getSpec().requestThresholdMinutes());
    boolean previouslyValid = !run.conditions().isFalse(ConditionTypes.TOKENS)
        && run.conditions().find(ConditionTypes.TOKENS) != null;
    if (previouslyValid && last != null && last.fingerprint().equals(fingerprint)
        && Duration.between(last.at(), clock.instant()).compareTo(threshold) < 0) {
      return StepResult.done();
    }
    try {
      List<String> missing = missingScopes(tenant, run.tokens(), activeGate);
      if (!missing.isEmpty()) {
        String tokenKey = missing.get(0).substring(0, missing.get(0).indexOf(':'));
        String scopes = String.join(", ", missing.stream().filter(m -> m.startsWith(tokenKey + ":"))
            .map(m -> m.substring(m.indexOf(':') + 1)).toList());
        return invalid(run, ConditionTypes.REASON_SCOPE_MISSING, Messages.scopeMissing(tokenKey, scopes));
      }
    } catch (TenantApiException e) {
      if (e.isAuthError()) {
        invalid(run, ConditionTypes.REASON_TOKEN_ERROR, Messages.tokenRejected(SecretKeys.API_TOKEN, e.statusCode()));
        return StepResult.failed(e);
      }
      if (previouslyValid) {
        // a flaky lookup does not invalidate tokens that were fine; the next reconcile checks again
        if (e.isUnavailable()) {
          run.noteUnavailable(e);
        }
        return StepResult.done();
      }
      return e.isUnavailable() ? StepResult.unavailable(e.requeueDelay()) : StepResult.failed(e);
    }
    lastChecks.put(uid, new ScopeCheck(fingerprint, clock.instant()));
    if (run.status().getAstromkeyApi() == null) {
      run.status().setAstromkeyApi(new AstromkeyApiStatus());
    }
    run.status().getAstromkeyApi().setLastTokenScopeRequest(run.now().toString());
    run.conditions().setTrue(ConditionTypes.TOKENS, ConditionTypes.REASON_TOKEN_READY, Messages.TOKENS_VALID);
    return StepResult.done();
  }

  /** The tenant client settings of one DynaKube; troubleshoot builds the same client as the reconcile. */
  public static TenantClientConfig clientConfig(DynaKube dk, TenantTokens tokens, String proxyUrl, String trustedPems,
      OperatorConfig config, Clock clock) {
    TenantClientConfig.Builder builder = TenantClientConfig.builder(dk.getSpec().getApiUrl(), tokens)
        .skipCertCheck(dk.getSpec().skipsCertCheck())
        .networkZone(dk.getSpec().getNetworkZone())
        .noProxy(NoProxy.parse(FeatureFlags.of(dk).noProxy()))
        .operatorVersion(config.operatorVersion())
        .connectTimeout(config.connectTimeout())
        .readTimeout(config.readTimeout())
        .requestThreshold(Duration.ofMinutes(dk.getSpec().requestThresholdMinutes()))
        .clock(clock);
    if (!trustedPems.isEmpty()) {
      builder.trustedCaPems(List.of(trustedPems));
    }
    if (!proxyUrl.isEmpty()) {
      try {
        builder.proxy(ProxyConfig.parse(proxyUrl));
      } catch (IllegalArgumentException e) {
        // validation reports the broken proxy (AKV-060); the tenant is then reached directly
      }
    }
    return builder.build();
  }

  /** PEMs of the {@code trustedCAs} ConfigMap, "" when none is set or found. */
  public static String trustedPems(DynaKube dk, ObjectWriter kube) {
    String name = dk.getSpec().getTrustedCAs();
    if (name == null || name.isBlank()) {
      return "";
    }
    ConfigMap configMap = kube.get(ConfigMap.class, dk.getMetadata().getNamespace(), name);
    if (configMap == null || configMap.getData() == null) {
      return "";
    }
    String pems = configMap.getData().get(SecretKeys.TRUSTED_CAS_CERTS);
    return pems == null ? "" : pems;
  }

  private StepResult invalid(ReconcileRun run, String reason, String message) {
    boolean wasFalse = run.conditions().isFalse(ConditionTypes.TOKENS);
    run.conditions().setFalse(ConditionTypes.TOKENS, reason, message);
    if (!wasFalse) {
      run.events().record(run.dk(), EventRecorder.WARNING, "TokensInvalid", message);
    }
    return StepResult.stopped();
  }

  private static String decode(Secret secret, String key) {
    if (secret.getData() != null && secret.getData().get(key) != null) {
      return new String(Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
    }
    if (secret.getStringData() != null) {
      return secret.getStringData().get(key);
    }
    return null;
  }
}
