package com.astromkey.oci.keychain;

/** A pull secret or docker config that cannot be read as credentials; the message is the reason shown to users. */
public final class UnusableSecretException extends Exception {

  public UnusableSecretException(String reason) {
    super(reason);
  }
}
