package com.astromkey.domain.validation.rules;

import com.astromkey.domain.dynakube.spec.HostInjectSpec;
import com.astromkey.domain.dynakube.spec.OneAgentMode;
import com.astromkey.domain.validation.Problem;
import com.astromkey.domain.validation.ValidationContext;
import com.astromkey.domain.validation.ValidationRule;
import java.util.ArrayList;
import java.util.List;

/** AKW-005: {@code autoUpdate} is deprecated and has no effect, whatever its value. */
public final class AutoUpdateRule implements ValidationRule {
  @Override
  public List<String> ids() {
    return List.of("AKW-005");
  }

  @Override
  public List<Problem> check(ValidationContext context) {
    List<Problem> problems = new ArrayList<>();
    for (OneAgentMode mode : context.modes()) {
      HostInjectSpec host = context.hostSpec(mode);
      if (host != null && host.getAutoUpdate() != null) {
        problems.add(new Problem("AKW-005", ValidationContext.field(mode, "autoUpdate") + " is deprecated and has no"
            + " effect. Pin a version with image/version, or control updates in the tenant."));
      }
    }
    return problems;
  }
}
