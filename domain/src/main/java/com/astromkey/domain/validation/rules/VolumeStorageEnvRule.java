package com.astromkey.domain.validation.rules;

import com.astromkey.domain.dynakube.spec.HostInjectSpec;
import com.astromkey.domain.dynakube.spec.OneAgentMode;
import com.astromkey.domain.names.EnvVars;
import com.astromkey.domain.validation.Problem;
import com.astromkey.domain.validation.ValidationContext;
import com.astromkey.domain.validation.ValidationRule;
import io.fabric8.kubernetes.api.model.EnvVar;
import java.util.ArrayList;
import java.util.List;

/** AKV-081: read-only host modes need OneAgent volume storage, so it cannot be switched off through env. */
public final class VolumeStorageEnvRule implements ValidationRule {
  @Override
  public List<String> ids() {
    return List.of("AKV-081");
  }

  @Override
  public List<Problem> check(ValidationContext context) {
    List<Problem> problems = new ArrayList<>();
    for (OneAgentMode mode : context.modes()) {
      HostInjectSpec host = context.hostSpec(mode);
      if (!mode.readOnlyHost() || host == null || host.getEnv() == null) {
        continue;
      }
      for (EnvVar env : host.getEnv()) {
        if (EnvVars.ONEAGENT_ENABLE_VOLUME_STORAGE.equals(env.getName()) && env.getValue() != null
            && env.getValue().trim().equalsIgnoreCase("false")) {
          problems.add(new Problem("AKV-081", ValidationContext.field(mode, "env") + " sets "
              + EnvVars.ONEAGENT_ENABLE_VOLUME_STORAGE + "=false, but this mode runs the OneAgent on a read-only host"
              + " file system, which needs volume storage. Remove the variable."));
          break;
        }
      }
    }
    return problems;
  }
}
