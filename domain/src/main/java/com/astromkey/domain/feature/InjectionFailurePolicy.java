package com.astromkey.domain.feature;

import java.util.Locale;
import java.util.Optional;

/** What the injected init container does when it fails: hide the error ({@code silent}) or fail the pod start ({@code fail}). */
public enum InjectionFailurePolicy {
  SILENT, FAIL;

  public String text() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses {@code silent} or {@code fail} (any case); also used for the pod annotation that overrides the flag. */
  public static Optional<InjectionFailurePolicy> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    for (InjectionFailurePolicy policy : values()) {
      if (policy.text().equalsIgnoreCase(text.trim())) {
        return Optional.of(policy);
      }
    }
    return Optional.empty();
  }
}
