package com.astromkey.domain.validation.rules;

import com.astromkey.domain.feature.FeatureFlag;
import com.astromkey.domain.feature.FeatureFlags;
import com.astromkey.domain.validation.Problem;
import com.astromkey.domain.validation.ValidationContext;
import com.astromkey.domain.validation.ValidationRule;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.stream.Collectors;

/** AKW-006, AKW-007, AKW-008: feature-flag annotations that are unknown, deprecated, or have a value not understood. */
public final class FeatureFlagsRule implements ValidationRule {
  @Override
  public List<String> ids() {
    return List.of("AKW-006", "AKW-007", "AKW-008");
  }

  @Override
  public List<Problem> check(ValidationContext context) {
    FeatureFlags flags = context.flags();
    List<Problem> problems = new ArrayList<>();
    if (!flags.unknownKeys().isEmpty()) {
      problems.add(new Problem("AKW-006", "Unknown feature flag(s) " + String.join(", ", flags.unknownKeys())
          + " are ignored. Remove them from the DynaKube annotations."));
    }
    List<FeatureFlag> deprecated = flags.deprecatedFlags();
    if (!deprecated.isEmpty()) {
      String keys = deprecated.stream().map(FeatureFlag::key).collect(Collectors.joining(", "));
      String hints = String.join("; ", deprecated.stream().map(FeatureFlag::replacementHint)
          .collect(Collectors.toCollection(LinkedHashSet::new)));
      problems.add(new Problem("AKW-007", "Feature flag(s) " + keys + " are deprecated and have no effect; " + hints + "."));
    }
    for (FeatureFlags.InvalidValue invalid : flags.invalidValues()) {
      problems.add(new Problem("AKW-008", "Feature flag " + invalid.flag().key() + " has the value '" + invalid.value()
          + "', which is not understood; the default '" + invalid.defaultValue() + "' is used."));
    }
    return problems;
  }
}
