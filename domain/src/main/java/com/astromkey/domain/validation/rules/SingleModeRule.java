package com.astromkey.domain.validation.rules;

import com.astromkey.domain.dynakube.spec.OneAgentMode;
import com.astromkey.domain.validation.Problem;
import com.astromkey.domain.validation.ValidationContext;
import com.astromkey.domain.validation.ValidationRule;
import java.util.List;
import java.util.stream.Collectors;

/** AKV-001: at most one of the four OneAgent modes. */
public final class SingleModeRule implements ValidationRule {
  @Override
  public List<String> ids() {
    return List.of("AKV-001");
  }

  @Override
  public List<Problem> check(ValidationContext context) {
    List<OneAgentMode> modes = context.modes();
    if (modes.size() <= 1) {
      return List.of();
    }
    String list = modes.stream().map(OneAgentMode::field).collect(Collectors.joining(", "));
    return List.of(new Problem("AKV-001", "spec.oneAgent configures several modes at once (" + list + "). Keep exactly"
        + " one of classicFullStack, cloudNativeFullStack, applicationMonitoring, hostMonitoring."));
  }
}
