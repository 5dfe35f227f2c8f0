package com.astromkey.operator.dynakube;

import com.astromkey.domain.dynakube.DynaKube;
import com.astromkey.domain.dynakube.status.DynaKubeStatus;
import com.astromkey.domain.validation.DynaKubeValidator;
import com.astromkey.domain.validation.Problem;
import com.astromkey.domain.validation.ValidationResult;
import com.astromkey.operator.OperatorConfig;
import com.astromkey.operator.activegate.ActiveGateStep;
import com.astromkey.operator.events.EventRecorder;
import com.astromkey.operator.injection.InjectionStep;
import com.astromkey.operator.injection.NamespaceReplication;
import com.astromkey.operator.kube.ObjectWriter;
import com.astromkey.operator.metadata.DeploymentMetadataStep;
import com.astromkey.operator.metrics.OperatorMetrics;
import com.astromkey.operator.oneagent.OneAgentStep;
import com.astromkey.operator.proxy.ProxyStep;
import com.astromkey.operator.pullsecret.CustomPullSecretCheck;
import com.astromkey.operator.pullsecret.PullSecretStep;
import com.astromkey.operator.pullsecret.TenantPullSecret;
import com.astromkey.operator.signature.CodeModulesSignatureStep;
import com.astromkey.operator.status.ConditionTypes;
import com.astromkey.operator.status.Messages;
import com.astromkey.operator.status.StatusAggregator;
import com.astromkey.operator.tenant.TenantApiFactory;
import com.astromkey.operator.tokens.TokensStep;
import com.astromkey.tenant.TenantApiException;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reconciles one DynaKube in the order of operator.md §3.1; each step is a class named after what it produces. */
public final class DynaKubeReconciler implements Reconciler<DynaKube>, Cleaner<DynaKube> {
  static final Duration POSTPONED_REQUEUE = Duration.ofMinutes(1);
  static final Duration DEFAULT_RETRY_AFTER = Duration.ofMinutes(1);
  private static final Logger LOG = LoggerFactory.getLogger(DynaKubeReconciler.class);

  private final OperatorConfig config;
  private final ObjectWriter kube;
  private final EventRecorder events;
  private final OperatorMetrics metrics;
  private final TenantApiFactory tenants;
  private final Clock clock;
  private final StatusWriter statusWriter;
  private final DynaKubeValidator validator = new DynaKubeValidator();
  private final TokensStep tokens;
  private final DeploymentMetadataStep deploymentMetadata = new DeploymentMetadataStep();
  private final ProxyStep proxy = new ProxyStep();
  private final CustomPullSecretCheck customPullSecret = new CustomPullSecretCheck();
  private final PullSecretStep pullSecret;
  private final ActiveGateStep activeGate;
  private final InjectionStep injection;
  private final OneAgentStep oneAgent;
  private final NamespaceReplication namespaces;
  private final CodeModulesSignatureStep signature;

  public DynaKubeReconciler(OperatorConfig config, ObjectWriter kube, EventRecorder events, OperatorMetrics metrics,
      TenantApiFactory tenants, DynaKubeSteps steps, Clock clock) {
    this.config = config;
    this.kube = kube;
    this.events = events;
    this.metrics = metrics;
    this.tenants = tenants;
    this.clock = clock;
    this.statusWriter = new StatusWriter(kube.client());
    this.tokens = new TokensStep(tenants, clock);
    this.pullSecret = steps.pullSecret();
    this.activeGate = steps.activeGate();
    this.injection = steps.injection();
    this.oneAgent = steps.oneAgent();
    this.namespaces = steps.namespaces();
    this.signature = steps.signature();
  }

  @Override
  public List<EventSource<?, DynaKube>> prepareEventSources(EventSourceContext<DynaKube> context) {
    return DynaKubeEventSources.all(context, config);
  }

  @Override
  public UpdateControl<DynaKube> reconcile(DynaKube cached, Context<DynaKube> context) {
    // The status is written here, not through the SDK, so the SDK's cache may not hold it yet: read the DynaKube afresh
    // so the previous good values (§10) and the resourceVersion are current.
    DynaKube dk = kube.get(DynaKube.class, cached.getMetadata().getNamespace(), cached.getMetadata().getName());
    if (dk == null) {
      return UpdateControl.noUpdate();
    }
    Instant start = clock.instant();
    ReconcileRun run = new ReconcileRun(dk, config, kube, events, start);
    Outcome outcome = steps(run);
    String phase = StatusAggregator.phase(outcome.kind(), new StatusAggregator.Readiness(
        outcome.kind() != StatusAggregator.Outcome.SUCCESS || OneAgentStep.ready(run) && ActiveGateStep.ready(run),
        InjectionStep.ready(run)), run.previous().getPhase());
    DynaKubeStatus status = StatusAggregator.finish(run.status(), run.previous(), run.conditions().list(), phase,
        dk.getMetadata().getGeneration(), start);
    statusWriter.write(dk, run.previous(), status);
    if (!phase.equals(run.previous().getPhase())) {
      LOG.info("DynaKube {} is now {}", dk.getMetadata().getName(), phase);
    }
    Duration elapsed = Duration.between(start, clock.instant());
    switch (outcome.kind()) {
      case ERROR:
        metrics.reconciled(OperatorMetrics.Result.ERROR, elapsed);
        if (outcome.retry()) {
          throw new ReconcileFailedException("DynaKube " + dk.getMetadata().getName() + " failed: "
              + describe(outcome.error()), outcome.error());
        }
        return UpdateControl.<DynaKube>noUpdate().rescheduleAfter(config.scaled(config.defaultRequeueAfter()));
      case UNAVAILABLE:
        metrics.reconciled(OperatorMetrics.Result.REQUEUE, elapsed);
        return UpdateControl.<DynaKube>noUpdate().rescheduleAfter(config.scaled(retryAfter(outcome.retryAfter())));
      case POSTPONED:
        metrics.reconciled(OperatorMetrics.Result.POSTPONED, elapsed);
        return UpdateControl.<DynaKube>noUpdate().rescheduleAfter(config.scaled(POSTPONED_REQUEUE));
      default:
        metrics.reconciled(OperatorMetrics.Result.SUCCESS, elapsed);
        return UpdateControl.<DynaKube>noUpdate().rescheduleAfter(config.scaled(config.defaultRequeueAfter()));
    }
  }

  /** Deletion (operator.md §12): labels and replicas go; owned objects follow by garbage collection. */
  @Override
  public DeleteControl cleanup(DynaKube dk, Context<DynaKube> context) {
    namespaces.removeAll(dk);
    String uid = dk.getMetadata().getUid();
    tenants.release(uid);
    tokens.forget(uid);
    customPullSecret.forget(uid);
    signature.forget(uid);
    events.forget(uid);
    LOG.info("DynaKube {} deleted: namespace labels and replicas removed", dk.getMetadata().getName());
    return DeleteControl.defaultDelete();
  }

  /** The table of contents of operator.md §3.1. */
  private Outcome steps(ReconcileRun run) {
    try {
      if (!valid(run)) {
        return Outcome.stopped();
      }
      StepResult tokenResult = tokens.run(run);
      if (!tokenResult.is(StepResult.Kind.DONE)) {
        return Outcome.of(List.of(tokenResult), run);
      }
      deploymentMetadata.run(run);
      proxy.run(run);
      customPullSecret.run(run);
      List<StepResult> results = new ArrayList<>();
      results.add(guarded(activeGate::run, run));
      StepResult injectionResult = guarded(injection::run, run);
      results.add(injectionResult);
      if (!injectionResult.is(StepResult.Kind.POSTPONED)) {
        results.add(guarded(oneAgent::run, run));
      }
      if (!TenantPullSecret.needed(run.dk())) {
        pullSecret.run(run);
      }
      return Outcome.of(results, run);
    } catch (KubernetesClientException | TenantApiException e) {
      return Outcome.of(List.of(StepResult.failed(e)), run);
    }
  }

  private static StepResult guarded(Function<ReconcileRun, StepResult> step, ReconcileRun run) {
    try {
      return step.apply(run);
    } catch (TenantApiException e) {
      if (e.isUnavailable()) {
        return StepResult.unavailable(e.requeueDelay());
      }
      run.events().record(run.dk(), EventRecorder.WARNING, "TenantApiError",
          "Tenant request failed (" + Messages.shortError(e) + ") and there is no previous value to keep.");
      return StepResult.failed(e);
    } catch (KubernetesClientException | StepFailedException e) {
      return StepResult.failed(e);
    }
  }

  /** The shared validator's errors stop the reconcile (the webhook would have denied them); warnings do not. */
  private boolean valid(ReconcileRun run) {
    ValidationResult result = validator.validate(run.dk(), null,
        new KubeClusterView(kube.client(), run.namespace(), config.modules(), config.helmPullSecret()));
    List<String> errors = result.errors().stream().map(Problem::formatted).toList();
    if (errors.isEmpty()) {
      run.conditions().setTrue(ConditionTypes.VALID, ConditionTypes.REASON_VALIDATION_PASSED, Messages.VALIDATION_PASSED);
      return true;
    }
    run.conditions().setFalse(ConditionTypes.VALID, ConditionTypes.REASON_VALIDATION_FAILED, Messages.validationFailed(errors));
    return false;
  }

  /** The tenant client already clamps Retry-After to 1–10 minutes (tenant-api.md §4); without one, a minute. */
  static Duration retryAfter(java.util.Optional<Duration> requeueDelay) {
    return requeueDelay.orElse(DEFAULT_RETRY_AFTER);
  }

  private static String describe(Exception e) {
    if (e instanceof KubernetesClientException k) {
      return "Kubernetes API error (HTTP " + k.getCode() + ")";
    }
    if (e instanceof TenantApiException t) {
      return "tenant error (" + Messages.shortError(t) + ")";
    }
    return e.getMessage();
  }

  /** The result of the component steps: the first failure decides, then 429/503, then postponement (§3.1, §10). */
  record Outcome(StatusAggregator.Outcome kind, boolean retry, Exception error, java.util.Optional<Duration> retryAfter) {
    static Outcome stopped() {
      return new Outcome(StatusAggregator.Outcome.ERROR, false, null, java.util.Optional.empty());
    }

    static Outcome of(List<StepResult> results, ReconcileRun run) {
      for (StepResult result : results) {
        if (result.is(StepResult.Kind.FAILED)) {
          return new Outcome(StatusAggregator.Outcome.ERROR, true, result.error(), java.util.Optional.empty());
        }
        if (result.is(StepResult.Kind.STOPPED)) {
          return stopped();
        }
      }
      for (StepResult result : results) {
        if (result.is(StepResult.Kind.UNAVAILABLE)) {
          return new Outcome(StatusAggregator.Outcome.UNAVAILABLE, false, null, result.retryAfter());
        }
      }
      if (run.tenantUnavailable()) {
        return new Outcome(StatusAggregator.Outcome.UNAVAILABLE, false, null, run.retryAfter());
      }
      if (results.stream().anyMatch(r -> r.is(StepResult.Kind.POSTPONED))) {
        return new Outcome(StatusAggregator.Outcome.POSTPONED, false, null, java.util.Optional.empty());
      }
      return new Outcome(StatusAggregator.Outcome.SUCCESS, false, null, java.util.Optional.empty());
    }
  }
}
