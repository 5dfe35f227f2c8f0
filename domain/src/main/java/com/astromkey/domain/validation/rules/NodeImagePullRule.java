package com.astromkey.domain.validation.rules;

import com.astromkey.domain.dynakube.spec.AppInjection;
import com.astromkey.domain.dynakube.spec.OneAgentMode;
import com.astromkey.domain.feature.FeatureFlag;
import com.astromkey.domain.validation.Problem;
import com.astromkey.domain.validation.ValidationContext;
import com.astromkey.domain.validation.ValidationRule;
import java.util.ArrayList;
import java.util.List;

/** AKV-080 and AKW-009: {@code node-image-pull} needs a {@code codeModulesImage} to pull and a CSI driver to pull it. */
public final class NodeImagePullRule implements ValidationRule {
  @Override
  public List<String> ids() {
    return List.of("AKV-080", "AKW-009");
  }

  @Override
  public List<Problem> check(ValidationContext context) {
    if (!context.flags().nodeImagePull()) {
      return List.of();
    }
    List<Problem> problems = new ArrayList<>();
    for (OneAgentMode mode : context.modes()) {
      if (!mode.injectsCodeModules()) {
        continue;
      }
      AppInjection app = context.appInjection(mode);
      if (!app.hasCodeModulesImage()) {
        problems.add(new Problem("AKV-080", "Annotation " + FeatureFlag.NODE_IMAGE_PULL.key() + " is 'true', but "
            + ValidationContext.field(mode, "codeModulesImage") + " is empty. Set the image to pull or remove the"
            + " annotation."));
      }
      if (!context.view().modules().csiDriver()) {
        String delivery = app.hasCodeModulesImage() ? "codeModulesImage as init container" : "zip download";
        problems.add(new Problem("AKW-009", "Annotation " + FeatureFlag.NODE_IMAGE_PULL.key() + " has no effect because"
            + " the CSI driver is not installed; pods will use " + delivery + "."));
      }
    }
    return problems;
  }
}
