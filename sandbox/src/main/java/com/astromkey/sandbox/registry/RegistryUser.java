package com.astromkey.sandbox.registry;

import java.util.Set;

/**
 * A registry account. {@code actions} matter only in token mode (the issuer grants at most these actions on any repository);
 * htpasswd mode lets every authenticated user pull and push.
 */
public record RegistryUser(String name, String password, Set<String> actions) {

  public RegistryUser {
    actions = Set.copyOf(actions);
  }

  public static RegistryUser pushPull(String name, String password) {
    return new RegistryUser(name, password, Set.of("pull", "push", "delete"));
  }

  public static RegistryUser pullOnly(String name, String password) {
    return new RegistryUser(name, password, Set.of("pull"));
  }

  /** {@code user:password} as used by {@code skopeo --creds} and docker config {@code auth}. */
  public String colonForm() {
    return name + ":" + password;
  }

  @Override
  public String toString() {
    return "RegistryUser[" + name + ", actions=" + actions + "]";
  }
}
