package com.astromkey.e2e.harness;

import com.astromkey.e2e.sandbox.E2eSandbox;
import com.astromkey.sandbox.registry.LocalRegistry;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
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
  private static final String ALL_METHODS = "";
  private final boolean csi;
  private final boolean helmPullSecret;
  private final Map<String, Consumer<E2eSandbox>> options;
  private E2eSandbox sandbox;

  private E2eSandboxExtension(boolean csi, boolean helmPullSecret) {
    this(csi, helmPullSecret, Map.of());
  }

  private E2eSandboxExtension(boolean csi, boolean helmPullSecret, Map<String, Consumer<E2eSandbox>> options) {
    this.csi = csi;
    this.helmPullSecret = helmPullSecret;
    this.options = options;
  }

  /** The CSI server and provisioner run on {@code clock} with {@code env} added to the chart's provisioner env. */
  public E2eSandboxExtension withCsiTime(Clock clock, Map<String, String> env) {
    return configured(s -> {
      s.csiClock(clock);
      env.forEach(s::provisionerEnv);
    });
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
    return new E2eSandboxExtension(csi, false, options);
  }

  /** The operator reads {@code clock} (a test clock the scenario advances) instead of the system clock. */
  public E2eSandboxExtension withClock(Clock operatorClock) {
    return configured(s -> s.operatorClock(operatorClock));
  }

  /** Sandbox options applied before the first stage for every test method, e.g. {@code s -> s.provisionerEnv(…)}. */
  public E2eSandboxExtension configured(Consumer<E2eSandbox> more) {
    return configuredFor(ALL_METHODS, more);
  }

  /** Sandbox options for one test method only (after those for every method). */
  public E2eSandboxExtension configuredFor(String testMethod, Consumer<E2eSandbox> more) {
    Map<String, Consumer<E2eSandbox>> all = new HashMap<>(options);
    all.merge(testMethod, more, Consumer::andThen);
    return new E2eSandboxExtension(csi, helmPullSecret, Map.copyOf(all));
  }

  /** Provisioner env and Node labels of the CSI node (see {@link E2eSandbox.NodeSettings}). */
  public E2eSandboxExtension withNode(E2eSandbox.NodeSettings settings) {
    return configured(s -> s.node(settings));
  }

  /** Other node settings for the one test method named {@code testMethod}. */
  public E2eSandboxExtension withNode(String testMethod, E2eSandbox.NodeSettings settings) {
    return configuredFor(testMethod, s -> s.node(settings));
  }

  public E2eSandbox get() {
    return sandbox;
  }

  /** Skips the calling test without the {@code docker-registry} binary, or fails it with {@code CI=true}. */
  public static void requireDockerRegistry() {
    if (!LocalRegistry.binaryAvailable()) {
      String why = "docker-registry is not installed; install it with 'apt-get install -y docker-registry'";
      if ("true".equals(System.getenv("CI"))) {
        Assertions.fail(why);
      }
      Assumptions.abort(why);
    }
  }

  @Override
  public void beforeEach(ExtensionContext context) throws Exception {
    requireDockerRegistry();
    Consumer<E2eSandbox> none = s -> { };
    sandbox = E2eSandbox.startAll(csi, helmPullSecret, options.getOrDefault(ALL_METHODS, none)
        .andThen(options.getOrDefault(context.getRequiredTestMethod().getName(), none)));
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (sandbox != null) {
      sandbox.close();
      sandbox = null;
    }
  }
}
