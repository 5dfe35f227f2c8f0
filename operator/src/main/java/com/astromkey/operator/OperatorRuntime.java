package com.astromkey.operator;

import com.astromkey.domain.names.ObjectNames;
import com.astromkey.operator.dynakube.DynaKubeReconciler;
import com.astromkey.operator.dynakube.DynaKubeSteps;
import com.astromkey.operator.events.EventRecorder;
import com.astromkey.operator.kube.ObjectWriter;
import com.astromkey.operator.metrics.OperatorMetrics;
import com.astromkey.operator.tenant.TenantApiFactory;
import com.astromkey.operator.webhookcerts.WebhookCertificateReconciler;
import com.astromkey.tenant.Arch;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.processing.retry.GenericRetry;
import java.time.Clock;
import java.time.Duration;

/** Wires and runs the two controllers of operator.md §2 on java-operator-sdk; shared by {@link OperatorMain} and the mock tests. */
public final class OperatorRuntime implements AutoCloseable {
  static final Duration RETRY_INITIAL = Duration.ofSeconds(5);
  static final Duration RETRY_MAX = Duration.ofMinutes(5);

  private final Operator operator;
  private final TenantApiFactory tenants;

  private OperatorRuntime(Operator operator, TenantApiFactory tenants) {
    this.operator = operator;
    this.tenants = tenants;
  }

  /**
   * Registers and starts both controllers. No server-side apply anywhere (operator.md §2), so both JOSDK SSA switches are
   * off here, in production as in tests; the client stays open on stop because its owner closes it.
   */
  public static OperatorRuntime start(KubernetesClient client, OperatorConfig config, TenantApiFactory tenants,
      OperatorMetrics metrics, Clock clock, boolean leaderElection) {
    Operator operator = new Operator(o -> {
      o.withKubernetesClient(client)
          .withCloseClientOnStop(false)
          .withUseSSAToPatchPrimaryResource(false)
          .withSSABasedCreateUpdateMatchForDependentResources(false);
      if (leaderElection) {
        o.withLeaderElectionConfiguration(new LeaderElectionConfiguration(ObjectNames.OPERATOR_LEASE, config.namespace(),
            config.podName().isEmpty() ? null : config.podName()));
      }
    });
    EventRecorder events = new EventRecorder(client, clock);
    ObjectWriter kube = new ObjectWriter(client);
    DynaKubeSteps steps = DynaKubeSteps.create(client, Arch.fromCpu(System.getProperty("os.arch")),
        config.operatorVersion());
    operator.register(new DynaKubeReconciler(config, kube, events, metrics, tenants, steps, clock),
        c -> c.settingNamespaces(config.namespace())
            .withFinalizer(ObjectNames.DYNAKUBE_FINALIZER)
            .withRetry(retry(config)));
    operator.register(new WebhookCertificateReconciler(config, client, events, clock),
        c -> c.settingNamespaces(config.namespace())
            .withName("webhook-certificates")
            .withGenericFilter(WebhookCertificateReconciler::isWebhookDeployment)
            .withRetry(retry(config)));
    operator.start();
    return new OperatorRuntime(operator, tenants);
  }

  /** Exponential, 5 s doubling up to 5 min, never giving up (operator.md §2). */
  static GenericRetry retry(OperatorConfig config) {
    return new GenericRetry()
        .setInitialInterval(config.scaled(RETRY_INITIAL).toMillis())
        .setIntervalMultiplier(2)
        .setMaxInterval(config.scaled(RETRY_MAX).toMillis())
        .withoutMaxAttempts();
  }

  public boolean isRunning() {
    return operator.getRuntimeInfo().isStarted();
  }

  @Override
  public void close() {
    operator.stop();
    tenants.close();
  }
}
