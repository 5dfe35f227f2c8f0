package com.astromkey.domain.validation.rules;

import com.astromkey.domain.dynakube.spec.AppInjection;
import com.astromkey.domain.dynakube.spec.HostInjectSpec;
import com.astromkey.domain.dynakube.spec.OneAgentMode;
import com.astromkey.domain.validation.Problem;
import com.astromkey.domain.validation.ValidationContext;
import com.astromkey.domain.validation.ValidationRule;
import java.util.ArrayList;
import java.util.List;

/** AKW-001: {@code version} has no effect on a component whose image is set (per mode, §7.2). */
public final class IgnoredVersionRule implements ValidationRule {
  @Override
  public List<String> ids() {
    return List.of("AKW-001");
  }

  @Override
  public List<Problem> check(ValidationContext context) {
    List<Problem> problems = new ArrayList<>();
    for (OneAgentMode mode : context.modes()) {
      if (!ValidationContext.isSet(VersionFormatRule.version(context, mode))) {
        continue;
      }
      HostInjectSpec host = context.hostSpec(mode);
      AppInjection app = context.appInjection(mode);
      boolean image = host != null && ValidationContext.isSet(host.getImage());
      boolean codeModulesImage = app != null && app.hasCodeModulesImage();
      String components;
      String because;
      if (image && codeModulesImage) {
        components = "the OneAgent and the code modules";
        because = "image and codeModulesImage are set";
      } else if (image) {
        components = "the OneAgent";
        because = "image is set";
      } else if (codeModulesImage) {
        components = "the code modules";
        because = "codeModulesImage is set";
      } else {
        continue;
      }
      problems.add(new Problem("AKW-001", ValidationContext.field(mode, "version") + " is ignored for " + components
          + " because " + because + "; the image tag decides the version."));
    }
    return problems;
  }
}
