package com.astromkey.e2e.sandbox;

import com.astromkey.domain.dynakube.DynaKube;
import com.astromkey.operator.OperatorConfig;
import com.astromkey.operator.dynakube.DynaKubeReconciler;
import com.astromkey.operator.dynakube.DynaKubeSteps;
import com.astromkey.operator.events.EventRecorder;
import com.astromkey.operator.kube.ObjectWriter;
import com.astromkey.operator.metrics.OperatorMetrics;
import com.astromkey.operator.tenant.ClientTenantApiFactory;
import com.astromkey.tenant.Arch;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Clock;
import java.time.Duration;

/**
 * The operator's DynaKube reconciler wired as {@code OperatorRuntime} wires it (real tenant client, the sandbox's API
 * server) but called one reconcile at a time, as the SDK would, so a scenario can assert the result it returns (the
 * requeue) and steer the clock the tenant caches and token checks read. The sandbox's own operator must be stopped.
 */
public final class ReconcileDriver implements AutoCloseable {
  private final E2eSandbox sandbox;
  private final ClientTenantApiFactory tenants;
  private final DynaKubeReconciler reconciler;

  public ReconcileDriver(E2eSandbox sandbox, OperatorConfig config, Clock clock) {
    this.sandbox = sandbox;
    OperatorMetrics metrics = new OperatorMetrics();
    this.tenants = new ClientTenantApiFactory(metrics);
    this.reconciler = new DynaKubeReconciler(config, new ObjectWriter(sandbox.client()),
        new EventRecorder(sandbox.client(), clock), metrics, tenants,
        DynaKubeSteps.create(sandbox.client(), Arch.fromCpu(System.getProperty("os.arch")), config.operatorVersion()), clock);
  }

  /** One reconcile of the stored DynaKube; the SDK's context is not read by this reconciler. */
  public UpdateControl<DynaKube> reconcile(String name) {
    DynaKube stored = sandbox.client().resources(DynaKube.class).inNamespace(E2eSandbox.NAMESPACE).withName(name).get();
    return reconciler.reconcile(stored, null);
  }

  /** The delay the SDK would reschedule after. */
  public static Duration requeue(UpdateControl<DynaKube> result) {
    return Duration.ofMillis(result.getScheduleDelay().orElseThrow(() -> new AssertionError("no requeue in " + result)));
  }

  @Override
  public void close() {
    tenants.close();
  }
}
