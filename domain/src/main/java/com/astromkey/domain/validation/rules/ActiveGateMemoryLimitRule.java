package com.astromkey.domain.validation.rules;

import com.astromkey.domain.dynakube.spec.ActiveGateSpec;
import com.astromkey.domain.validation.Problem;
import com.astromkey.domain.validation.ValidationContext;
import com.astromkey.domain.validation.ValidationRule;
import java.util.List;

/** AKW-003: an enabled ActiveGate should have a memory limit. */
public final class ActiveGateMemoryLimitRule implements ValidationRule {
  @Override
  public List<String> ids() {
    return List.of("AKW-003");
  }

  @Override
  public List<Problem> check(ValidationContext context) {
    if (!context.spec().activeGateEnabled()) {
      return List.of();
    }
    ActiveGateSpec activeGate = context.spec().getActiveGate();
    boolean hasLimit = activeGate.getResources() != null && activeGate.getResources().getLimits() != null
        && activeGate.getResources().getLimits().containsKey("memory");
    if (hasLimit) {
      return List.of();
    }
    return List.of(new Problem("AKW-003", "spec.activeGate.resources has no memory limit; the ActiveGate may use more"
        + " memory than intended. Set resources.limits.memory."));
  }
}
