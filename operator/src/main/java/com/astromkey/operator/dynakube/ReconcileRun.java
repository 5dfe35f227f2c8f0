package com.astromkey.operator.dynakube;

import com.astromkey.domain.dynakube.ApiUrl;
import com.astromkey.domain.dynakube.DynaKube;
import com.astromkey.domain.dynakube.spec.OneAgentMode;
import com.astromkey.domain.dynakube.status.DynaKubeStatus;
import com.astromkey.domain.feature.FeatureFlags;
import com.astromkey.operator.OperatorConfig;
import com.astromkey.operator.events.EventRecorder;
import com.astromkey.operator.kube.ObjectWriter;
import com.astromkey.operator.status.Conditions;
import com.astromkey.operator.tenant.TenantApi;
import com.astromkey.tenant.ConnectionInfo;
import com.astromkey.tenant.TenantApiException;
import com.astromkey.tenant.TenantTokens;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** Everything one reconcile of one DynaKube reads and produces: inputs, the status draft and its conditions. */
public final class ReconcileRun {
  private final DynaKube dk;
  private final OperatorConfig config;
  private final ObjectWriter kube;
  private final EventRecorder events;
  private final Instant now;
  private final FeatureFlags flags;
  private final DynaKubeStatus previous;
  private final DynaKubeStatus status;
  private final Conditions conditions;
  private ApiUrl apiUrl;
  private TenantTokens tokens;
  private String tokensResourceVersion = "";
  private TenantApi tenant;
  private String proxyUrl = "";
  private String trustedPems = "";
  private ConnectionInfo agentInfo;
  private boolean tenantUnavailable;
  private Optional<Duration> retryAfter = Optional.empty();

  public ReconcileRun(DynaKube dk, OperatorConfig config, ObjectWriter kube, EventRecorder events, Instant now) {
    this.dk = dk;
    this.config = config;
    this.kube = kube;
    this.events = events;
    this.now = now;
    this.flags = FeatureFlags.of(dk);
    this.previous = dk.getStatus() == null ? new DynaKubeStatus() : Serialization.clone(dk.getStatus());
    this.status = Serialization.clone(previous);
    this.conditions = new Conditions(previous.getConditions(), now);
  }

  public DynaKube dk() { return dk; }
  public OperatorConfig config() { return config; }
  public ObjectWriter kube() { return kube; }
  public EventRecorder events() { return events; }
  public Instant now() { return now; }
  public FeatureFlags flags() { return flags; }
  /** The status as read at the start, never modified. */
  public DynaKubeStatus previous() { return previous; }
  /** The status being built. */
  public DynaKubeStatus status() { return status; }
  public Conditions conditions() { return conditions; }
  public String name() { return dk.getMetadata().getName(); }
  public String namespace() { return dk.getMetadata().getNamespace(); }

  public ApiUrl apiUrl() { return apiUrl; }
  public void apiUrl(ApiUrl value) { apiUrl = value; }
  public TenantTokens tokens() { return tokens; }
  public void tokens(TenantTokens value, String resourceVersion) {
    tokens = value;
    tokensResourceVersion = resourceVersion == null ? "" : resourceVersion;
  }
  public String tokensResourceVersion() { return tokensResourceVersion; }
  public TenantApi tenant() { return tenant; }
  public void tenant(TenantApi value) { tenant = value; }
  /** The effective proxy URL, "" without proxy. */
  public String proxyUrl() { return proxyUrl; }
  public void proxyUrl(String value) { proxyUrl = value == null ? "" : value; }
  /** PEMs of the {@code trustedCAs} ConfigMap, "" when none. */
  public String trustedPems() { return trustedPems; }
  public void trustedPems(String value) { trustedPems = value == null ? "" : value; }

  /** The configured OneAgent mode, if exactly one. */
  public Optional<OneAgentMode> mode() {
    return dk.getSpec().getOneAgent() == null ? Optional.empty() : dk.getSpec().getOneAgent().mode();
  }

  /** Token for PaaS endpoints and pull secrets: paasToken when present, else apiToken. */
  public String paasOrApiToken() {
    return tokens.hasPaasToken() ? tokens.paasToken() : tokens.apiToken();
  }

  /** The agent connection info fetched in this reconcile (holds the tenant token); null until fetched or when kept. */
  public ConnectionInfo agentInfo() { return agentInfo; }
  public void agentInfo(ConnectionInfo value) { agentInfo = value; }

  /** A 429/503 the step survived with a previous good value: the reconcile requeues early, phase unchanged. */
  public void noteUnavailable(TenantApiException e) {
    tenantUnavailable = true;
    if (e.requeueDelay().isPresent() && retryAfter.isEmpty()) {
      retryAfter = e.requeueDelay();
    }
  }

  public boolean tenantUnavailable() { return tenantUnavailable; }
  public Optional<Duration> retryAfter() { return retryAfter; }
}
