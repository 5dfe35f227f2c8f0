package com.astromkey.domain.validation.rules;

import com.astromkey.domain.dynakube.spec.HostInjectSpec;
import com.astromkey.domain.dynakube.spec.OneAgentMode;
import com.astromkey.domain.names.EnvVars;
import com.astromkey.domain.validation.Problem;
import com.astromkey.domain.validation.ValidationContext;
import com.astromkey.domain.validation.ValidationRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** AKW-010: installer-script env variables only matter for an image type this operator does not support. */
public final class InstallerEnvRule implements ValidationRule {
  private static final Set<String> INSTALLER_ENV =
      Set.of(EnvVars.ONEAGENT_INSTALLER_SCRIPT_URL, EnvVars.ONEAGENT_INSTALLER_TOKEN);

  @Override
  public List<String> ids() {
    return List.of("AKW-010");
  }

  @Override
  public List<Problem> check(ValidationContext context) {
    List<Problem> problems = new ArrayList<>();
    for (OneAgentMode mode : context.modes()) {
      HostInjectSpec host = context.hostSpec(mode);
      if (host != null && host.getEnv() != null
          && host.getEnv().stream().anyMatch(env -> INSTALLER_ENV.contains(env.getName()))) {
        problems.add(new Problem("AKW-010", ValidationContext.field(mode, "env") + " sets"
            + " ONEAGENT_INSTALLER_SCRIPT_URL/ONEAGENT_INSTALLER_TOKEN, which only an unsupported image type uses. Use an"
            + " astromkey-oneagent image."));
      }
    }
    return problems;
  }
}
