package com.astromkey.domain.feature;

import java.util.Locale;
import java.util.Optional;

/** Signature policy for codeModulesImage (registry.md §10): no check, report only, or block until verified. */
public enum SignatureMode {
  OFF, WARN, ENFORCE;

  public String text() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses {@code off}, {@code warn} or {@code enforce} (any case); used for the flag and for {@code AK_SIGNATURE_MODE}. */
  public static Optional<SignatureMode> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    for (SignatureMode mode : values()) {
      if (mode.text().equalsIgnoreCase(text.trim())) {
        return Optional.of(mode);
      }
    }
    return Optional.empty();
  }
}
