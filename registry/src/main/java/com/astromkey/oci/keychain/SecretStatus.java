package com.astromkey.oci.keychain;

import java.util.List;

/** What the keychain made of one pull secret or config file: used, missing or unusable (with the reason). */
public record SecretStatus(String name, State state, String reason, List<String> registryKeys) {

  /** Reported states, worded as in registry.md §3. */
  public enum State { USABLE, MISSING, UNUSABLE }

  public static SecretStatus usable(String name, List<String> keys) {
    return new SecretStatus(name, State.USABLE, null, List.copyOf(keys));
  }

  public static SecretStatus missing(String name) {
    return new SecretStatus(name, State.MISSING, null, List.of());
  }

  public static SecretStatus unusable(String name, String reason) {
    return new SecretStatus(name, State.UNUSABLE, reason, List.of());
  }

  /** The text for logs, troubleshoot and the {@code CustomPullSecret} condition. */
  public String describe() {
    return switch (state) {
      case USABLE -> name + ": usable (" + String.join(", ", registryKeys) + ")";
      case MISSING -> name + ": missing";
      case UNUSABLE -> name + ": unusable: " + reason;
    };
  }
}
