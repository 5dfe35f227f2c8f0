package com.astromkey.e2e.harness;

import com.astromkey.e2e.sandbox.E2eSandbox;
import com.astromkey.sandbox.registry.LocalRegistry;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A fresh {@link E2eSandbox} per test method (each scenario owns its cluster, registry and components, so scenarios never
 * see each other's DynaKubes). Without the {@code docker-registry} binary the test is skipped, or fails with {@code CI=true}.
 */
public final class E2eSandboxExtension implements BeforeEachCallback, AfterEachCallback {
  private final boolean csi;
  private final boolean helmPullSecret;
  private Clock csiClock = Clock.systemUTC();
  private Map<String, String> csiEnv = Map.of();
  private E2eSandbox sandbox;

  private E2eSandboxExtension(boolean csi, boolean helmPullSecret) {
    this.csi = csi;
    this.helmPullSecret = helmPullSecret;
  }

  /** The CSI server and provisioner run on {@code clock} with {@code env} added to the chart's provisioner env. */
  public E2eSandboxExtension withCsiTime(Clock clock, Map<String, String> env) {
    E2eSandboxExtension tuned = new E2eSandboxExtension(csi, helmPullSecret);
    tuned.csiClock = clock;
    tuned.csiEnv = Map.copyOf(env);
    return tuned;
  }

  /** Chart with the CSI driver (kubernetes-csi.yaml): CSI server and provisioner run too. */
  public static E2eSandboxExtension withCsi() {
    return new E2eSandboxExtension(true, true);
  }

  public static E2eSandboxExtension withoutCsi() {
    return new E2eSandboxExtension(false, true);
  }

  /** Chart without Helm {@code customPullSecret}, and {@code my-registry-secret} not created. */
  public E2eSandboxExtension withoutHelmPullSecret() {
    return new E2eSandboxExtension(csi, false);
  }

  public E2eSandbox get() {
    return sandbox;
  }

  @Override
  public void beforeEach(ExtensionContext context) throws Exception {
    if (!LocalRegistry.binaryAvailable()) {
      String why = "docker-registry is not installed; install it with 'apt-get install -y docker-registry'";
      if ("true".equals(System.getenv("CI"))) {
        Assertions.fail(why);
      }
      Assumptions.abort(why);
    }
    sandbox = E2eSandbox.startAll(csi, helmPullSecret, csiClock, csiEnv);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (sandbox != null) {
      sandbox.close();
      sandbox = null;
    }
  }
}
