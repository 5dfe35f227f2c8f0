package com.astromkey.domain.validation.rules;

import com.astromkey.domain.validation.Problem;
import com.astromkey.domain.validation.ValidationContext;
import com.astromkey.domain.validation.ValidationRule;
import java.util.List;

/** AKV-045: {@code spec.networkZone} is plain text (it is passed to every agent). */
public final class NetworkZoneRule implements ValidationRule {
  @Override
  public List<String> ids() {
    return List.of("AKV-045");
  }

  @Override
  public List<Problem> check(ValidationContext context) {
    if (!ControlCharacters.containsAny(context.spec().getNetworkZone())) {
      return List.of();
    }
    return List.of(new Problem("AKV-045", "spec.networkZone contains a control character. Use the zone name as plain"
        + " text."));
  }
}
