package com.astromkey.domain.validation.rules;

import com.astromkey.domain.dynakube.ApiUrl;
import com.astromkey.domain.dynakube.spec.AppInjection;
import com.astromkey.domain.dynakube.spec.OneAgentMode;
import com.astromkey.domain.image.ImageReference;
import com.astromkey.domain.image.ImageReferenceException;
import com.astromkey.domain.validation.Problem;
import com.astromkey.domain.validation.ValidationContext;
import com.astromkey.domain.validation.ValidationRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** AKW-002: the CSI provisioner would pull {@code codeModulesImage} from a non-tenant registry without any pull secret. */
public final class CodeModulesPullSecretRule implements ValidationRule {
  @Override
  public List<String> ids() {
    return List.of("AKW-002");
  }

  @Override
  public List<Problem> check(ValidationContext context) {
    // Without CSI or with node-image-pull the kubelet pulls, never the provisioner (README §3).
    if (ValidationContext.isSet(context.spec().getCustomPullSecret())
        || ValidationContext.isSet(context.view().helmPullSecret())
        || !context.view().modules().csiDriver()
        || context.flags().nodeImagePull()) {
      return List.of();
    }
    Optional<String> tenantHost = tenantHost(context.spec().getApiUrl());
    List<Problem> problems = new ArrayList<>();
    for (OneAgentMode mode : context.modes()) {
      AppInjection app = context.appInjection(mode);
      if (app == null || !app.hasCodeModulesImage()) {
        continue;
      }
      ImageReference reference;
      try {
        reference = ImageReference.parse(app.getCodeModulesImage());
      } catch (ImageReferenceException e) {
        continue;
      }
      if (tenantHost.isPresent() && tenantHost.get().equalsIgnoreCase(reference.domain())) {
        continue;
      }
      problems.add(new Problem("AKW-002", "spec.customPullSecret is empty, but the CSI driver pulls "
          + ValidationContext.field(mode, "codeModulesImage") + " from " + reference.domain() + " itself. If that"
          + " registry needs a login, create a docker-registry secret in '" + context.namespace() + "' and set"
          + " spec.customPullSecret."));
    }
    return problems;
  }

  private static Optional<String> tenantHost(String apiUrl) {
    try {
      return Optional.of(ApiUrl.parse(apiUrl).apiHost());
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
