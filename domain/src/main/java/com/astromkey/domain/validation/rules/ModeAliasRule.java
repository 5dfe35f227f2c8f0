package com.astromkey.domain.validation.rules;

import com.astromkey.domain.dynakube.spec.OneAgentSpec;
import com.astromkey.domain.validation.Problem;
import com.astromkey.domain.validation.ValidationContext;
import com.astromkey.domain.validation.ValidationRule;
import java.util.List;

/** AKV-003 and AKW-017: the alias {@code cloudNativeFullstack} is accepted alone, never next to {@code cloudNativeFullStack}. */
public final class ModeAliasRule implements ValidationRule {
  @Override
  public List<String> ids() {
    return List.of("AKV-003", "AKW-017");
  }

  @Override
  public List<Problem> check(ValidationContext context) {
    OneAgentSpec oneAgent = context.oneAgent();
    if (oneAgent.getCloudNativeFullstack() == null) {
      return List.of();
    }
    if (oneAgent.getCloudNativeFullStack() != null) {
      return List.of(new Problem("AKV-003", "spec.oneAgent sets both cloudNativeFullStack and cloudNativeFullstack."
          + " Keep only cloudNativeFullStack."));
    }
    return List.of(new Problem("AKW-017", "spec.oneAgent.cloudNativeFullstack is accepted as an alias; the field is"
        + " spelled cloudNativeFullStack. Rename it."));
  }
}
