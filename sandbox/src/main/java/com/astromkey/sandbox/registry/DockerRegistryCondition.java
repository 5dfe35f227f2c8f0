package com.astromkey.sandbox.registry;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/** JUnit condition behind {@link RequiresDockerRegistry}: a missing binary skips locally but must fail in CI. */
public final class DockerRegistryCondition implements ExecutionCondition {

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    return evaluate(LocalRegistry.defaultBinary(), System.getenv("CI"));
  }

  static ConditionEvaluationResult evaluate(Path binary, String ciEnv) {
    if (Files.isExecutable(binary)) {
      return ConditionEvaluationResult.enabled("docker-registry found at " + binary);
    }
    if ("true".equalsIgnoreCase(ciEnv)) {
      // run anyway so that LocalRegistry.start() fails with its install hint instead of the suite silently shrinking
      return ConditionEvaluationResult.enabled("CI=true: a missing docker-registry must fail the run");
    }
    return ConditionEvaluationResult.disabled("docker-registry not found at " + binary
        + "; install it with 'apt-get install -y docker-registry' (with CI=true this fails instead)");
  }
}
