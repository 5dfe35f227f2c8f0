package com.astromkey.domain.validation.rules;

import com.astromkey.domain.dynakube.spec.AppInjection;
import com.astromkey.domain.dynakube.spec.OneAgentMode;
import com.astromkey.domain.names.SecretKeys;
import com.astromkey.domain.validation.Problem;
import com.astromkey.domain.validation.ValidationContext;
import com.astromkey.domain.validation.ValidationRule;
import io.fabric8.kubernetes.api.model.Secret;
import java.util.List;
import java.util.Optional;

/** AKW-018: without a {@code paasToken}, zip delivery copies the {@code apiToken} into every monitored namespace. */
public final class PaasTokenRule implements ValidationRule {
  @Override
  public List<String> ids() {
    return List.of("AKW-018");
  }

  @Override
  public boolean needsCluster() {
    return true;
  }

  @Override
  public List<Problem> check(ValidationContext context) {
    boolean zipPossible = false;
    for (OneAgentMode mode : context.modes()) {
      AppInjection app = context.appInjection(mode);
      zipPossible |= app != null && !app.hasCodeModulesImage();
    }
    if (!zipPossible) {
      return List.of();
    }
    String name = context.spec().tokensOr(context.name());
    Optional<Secret> tokens = context.view().secret(name);
    // A missing tokens Secret is the operator's Tokens condition, not this warning.
    if (tokens.isEmpty() || SecretData.hasKey(tokens.get(), SecretKeys.PAAS_TOKEN)) {
      return List.of();
    }
    return List.of(new Problem("AKW-018", "The tokens secret '" + name + "' has no paasToken, so apiToken is copied into"
        + " every monitored namespace for code-module downloads. Add a paasToken with only the InstallerDownload scope."));
  }
}
