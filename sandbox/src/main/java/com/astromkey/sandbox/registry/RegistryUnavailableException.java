package com.astromkey.sandbox.registry;

/** The {@code docker-registry} binary is missing or the registry process did not come up. */
public final class RegistryUnavailableException extends RuntimeException {

  public RegistryUnavailableException(String reason, Throwable cause) {
    super("docker-registry could not be started: " + reason + "; install it with 'apt-get install -y docker-registry'", cause);
  }
}
