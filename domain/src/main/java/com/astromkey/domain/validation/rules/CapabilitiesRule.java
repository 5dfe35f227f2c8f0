package com.astromkey.domain.validation.rules;

import com.astromkey.domain.validation.Problem;
import com.astromkey.domain.validation.ValidationContext;
import com.astromkey.domain.validation.ValidationRule;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** AKV-050, AKV-051: ActiveGate capabilities are known and listed once. */
public final class CapabilitiesRule implements ValidationRule {
  public static final List<String> KNOWN =
      List.of("routing", "kubernetes-monitoring", "metrics-ingest", "astromkey-api", "debugging");

  @Override
  public List<String> ids() {
    return List.of("AKV-050", "AKV-051");
  }

  @Override
  public List<Problem> check(ValidationContext context) {
    if (context.spec().getActiveGate() == null || context.spec().getActiveGate().getCapabilities() == null) {
      return List.of();
    }
    Set<String> unknown = new LinkedHashSet<>();
    Set<String> seen = new HashSet<>();
    Set<String> duplicates = new LinkedHashSet<>();
    for (String capability : context.spec().getActiveGate().getCapabilities()) {
      if (!KNOWN.contains(capability)) {
        unknown.add(capability);
      }
      if (!seen.add(capability)) {
        duplicates.add(capability);
      }
    }
    List<Problem> problems = new ArrayList<>();
    for (String capability : unknown) {
      problems.add(new Problem("AKV-050", "spec.activeGate.capabilities contains '" + capability + "', which is not a"
          + " known capability. Allowed: routing, kubernetes-monitoring, metrics-ingest, astromkey-api, debugging."));
    }
    for (String capability : duplicates) {
      problems.add(new Problem("AKV-051", "spec.activeGate.capabilities lists '" + capability + "' more than once. List"
          + " each capability once."));
    }
    return problems;
  }
}
