package com.astromkey.domain.validation.rules;

import com.astromkey.domain.dynakube.spec.AppInjection;
import com.astromkey.domain.dynakube.spec.OneAgentMode;
import com.astromkey.domain.validation.Problem;
import com.astromkey.domain.validation.ValidationContext;
import com.astromkey.domain.validation.ValidationRule;
import java.util.ArrayList;
import java.util.List;

/** AKW-015: without CSI, {@code codeModulesImage} becomes the init container image that every injected pod pulls. */
public final class InitContainerImageRule implements ValidationRule {
  @Override
  public List<String> ids() {
    return List.of("AKW-015");
  }

  @Override
  public List<Problem> check(ValidationContext context) {
    if (context.view().modules().csiDriver()) {
      return List.of();
    }
    List<Problem> problems = new ArrayList<>();
    for (OneAgentMode mode : context.modes()) {
      AppInjection app = context.appInjection(mode);
      if (app != null && app.hasCodeModulesImage()) {
        problems.add(new Problem("AKW-015", ValidationContext.field(mode, "codeModulesImage") + " will run as init"
            + " container image in every injected pod, pulled by the kubelet in the pod's namespace; the operator copies"
            + " the pull secret there unless replicate-pull-secret is 'false'."));
      }
    }
    return problems;
  }
}
