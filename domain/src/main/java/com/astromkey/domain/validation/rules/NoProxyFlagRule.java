package com.astromkey.domain.validation.rules;

import com.astromkey.domain.feature.FeatureFlag;
import com.astromkey.domain.validation.Problem;
import com.astromkey.domain.validation.ValidationContext;
import com.astromkey.domain.validation.ValidationRule;
import java.util.List;

/** AKV-046: the {@code no-proxy} flag is a plain comma-separated host list (it is passed to agents and clients). */
public final class NoProxyFlagRule implements ValidationRule {
  @Override
  public List<String> ids() {
    return List.of("AKV-046");
  }

  @Override
  public List<Problem> check(ValidationContext context) {
    String value = context.flags().raw(FeatureFlag.NO_PROXY).orElse(null);
    if (!ControlCharacters.containsAny(value)) {
      return List.of();
    }
    return List.of(new Problem("AKV-046", "Annotation " + FeatureFlag.NO_PROXY.key() + " contains a control character."
        + " Give a comma-separated host list."));
  }
}
