package com.astromkey.domain.validation.rules;

import com.astromkey.domain.names.SecretKeys;
import com.astromkey.domain.validation.Problem;
import com.astromkey.domain.validation.ValidationContext;
import com.astromkey.domain.validation.ValidationRule;
import io.fabric8.kubernetes.api.model.Secret;
import java.util.List;
import java.util.Optional;

/** AKW-016: {@code spec.customPullSecret} names a usable {@code kubernetes.io/dockerconfigjson} Secret (a warning: it may come later). */
public final class CustomPullSecretRule implements ValidationRule {
  @Override
  public List<String> ids() {
    return List.of("AKW-016");
  }

  @Override
  public boolean needsCluster() {
    return true;
  }

  @Override
  public List<Problem> check(ValidationContext context) {
    String name = context.spec().getCustomPullSecret();
    if (!ValidationContext.isSet(name)) {
      return List.of();
    }
    Optional<Secret> secret = context.view().secret(name);
    String defect;
    if (secret.isEmpty()) {
      defect = "does not exist";
    } else if (SecretKeys.TYPE_DOCKERCFG_LEGACY.equals(secret.get().getType())) {
      defect = "has the legacy type kubernetes.io/dockercfg, which is not read";
    } else if (!SecretData.hasKey(secret.get(), SecretKeys.DOCKER_CONFIG_JSON)) {
      defect = "has no .dockerconfigjson";
    } else if (!SecretKeys.TYPE_DOCKER_CONFIG_JSON.equals(secret.get().getType())) {
      defect = "has the type " + secret.get().getType() + " instead of kubernetes.io/dockerconfigjson, so it is not read";
    } else {
      return List.of();
    }
    return List.of(new Problem("AKW-016", "Secret " + context.namespace() + "/" + name + " named by"
        + " spec.customPullSecret " + defect + "; pulls that need it fail until it is fixed."));
  }
}
