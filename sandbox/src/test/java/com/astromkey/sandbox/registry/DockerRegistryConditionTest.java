package com.astromkey.sandbox.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The skip-locally, fail-in-CI rule for a missing registry binary. */
class DockerRegistryConditionTest {

  static final Path MISSING = Path.of("/nonexistent/docker-registry");

  @Test
  void missingBinarySkipsOutsideCi() {
    var result = DockerRegistryCondition.evaluate(MISSING, null);
    assertThat(result.isDisabled()).isTrue();
    assertThat(result.getReason()).hasValueSatisfying(r -> assertThat(r).contains("apt-get install -y docker-registry"));
    assertThat(DockerRegistryCondition.evaluate(MISSING, "false").isDisabled()).isTrue();
  }

  @Test
  void missingBinaryRunsAndThereforeFailsInCi() {
    assertThat(DockerRegistryCondition.evaluate(MISSING, "true").isDisabled()).isFalse();
  }

  @Test
  void presentBinaryRuns() {
    assertThat(DockerRegistryCondition.evaluate(Path.of("/bin/sh"), null).isDisabled()).isFalse();
  }
}
