package com.astromkey.e2e.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The runner's usage contract: help, bad arguments and missing settings exit before anything touches a cluster. */
class ClusterRunTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(Map<String, String> env, String... args) {
    return ClusterRun.run(List.of(args), env, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void helpPrintsTheUsageAndExitsZero() {
    assertThat(run(Map.of(), "--help")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("Usage: bin/e2e-cluster").contains("KUBECONFIG", "--skip-install");
  }

  @Test
  void anUnknownArgumentExitsTwo() {
    assertThat(run(Map.of(), "--bogus")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("e2e-cluster: unexpected argument '--bogus'");
  }

  @Test
  void missingSettingsAreNamedAndExitTwo() {
    assertThat(run(Map.of("KUBECONFIG", "/tmp/kubeconfig", "AK_E2E_REGISTRY", "r.example:5000"))).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8).lines().findFirst().orElseThrow()).isEqualTo(
        "e2e-cluster: set AK_E2E_REGISTRY_USER, AK_E2E_REGISTRY_PASSWORD, AK_E2E_API_URL, AK_E2E_API_TOKEN");
    assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  @Test
  void aRegistryWithAPathIsRefused() {
    Map<String, String> env = Map.of("KUBECONFIG", "/tmp/kubeconfig", "AK_E2E_REGISTRY", "r.example:5000/astromkey",
        "AK_E2E_REGISTRY_USER", "u", "AK_E2E_REGISTRY_PASSWORD", "p", "AK_E2E_API_URL", "https://t.example/api",
        "AK_E2E_API_TOKEN", "t");
    assertThat(run(env)).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("AK_E2E_REGISTRY is the registry's host[:port] only");
  }
}
