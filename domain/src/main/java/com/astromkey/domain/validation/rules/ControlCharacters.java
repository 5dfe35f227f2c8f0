package com.astromkey.domain.validation.rules;

/** Detection of control characters in values that end up in agent command lines and configuration files. */
final class ControlCharacters {
  private ControlCharacters() {}

  static boolean containsAny(String value) {
    return value != null && value.chars().anyMatch(Character::isISOControl);
  }

  /** CR, LF, TAB or NUL: what breaks a single-line argument (AKV-043). */
  static boolean containsLineBreakTabOrNul(String value) {
    return value != null && value.chars().anyMatch(c -> c == '\r' || c == '\n' || c == '\t' || c == 0);
  }
}
