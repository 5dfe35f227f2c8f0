package com.astromkey.oci.keychain;

/** One {@code auths} entry of one secret, in the order the keychain considers them. */
public record KeychainEntry(RegistryKey key, RegistryCredential credential, String secretName, String rawKey) {

  /** {@code secret <name>, key <key>}: what logs and troubleshoot show instead of the credential. */
  public String source() {
    return credential.source();
  }
}
