package com.astromkey.e2e.harness;

import com.astromkey.e2e.sandbox.E2eSandbox;
import com.astromkey.sandbox.registry.LocalRegistry;
import java.util.HashMap;
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
  private final E2eSandbox.NodeSettings node;
  private final Map<String, E2eSandbox.NodeSettings> nodeByMethod;
  private E2eSandbox sandbox;

  private E2eSandboxExtension(boolean csi, boolean helmPullSecret) {
    this(csi, helmPullSecret, E2eSandbox.NodeSettings.DEFAULT, Map.of());
  }

  private E2eSandboxExtension(boolean csi, boolean helmPullSecret, E2eSandbox.NodeSettings node,
      Map<String, E2eSandbox.NodeSettings> nodeByMethod) {
    this.csi = csi;
    this.helmPullSecret = helmPullSecret;
    this.node = node;
    this.nodeByMethod = nodeByMethod;
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

  /** Provisioner env and Node labels of the CSI node (see {@link E2eSandbox.NodeSettings}). */
  public E2eSandboxExtension withNode(E2eSandbox.NodeSettings settings) {
    return new E2eSandboxExtension(csi, helmPullSecret, settings, nodeByMethod);
  }

  /** Other node settings for the one test method named {@code testMethod}. */
  public E2eSandboxExtension withNode(String testMethod, E2eSandbox.NodeSettings settings) {
    Map<String, E2eSandbox.NodeSettings> byMethod = new HashMap<>(nodeByMethod);
    byMethod.put(testMethod, settings);
    return new E2eSandboxExtension(csi, helmPullSecret, node, Map.copyOf(byMethod));
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
    sandbox = E2eSandbox.startAll(csi, helmPullSecret,
        nodeByMethod.getOrDefault(context.getRequiredTestMethod().getName(), node));
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (sandbox != null) {
      sandbox.close();
      sandbox = null;
    }
  }
}
