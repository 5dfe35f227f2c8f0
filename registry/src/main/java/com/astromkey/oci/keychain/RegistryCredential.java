package com.astromkey.oci.keychain;

/**
 * Credentials from one {@code auths} entry; {@link #source()} says where they came from and is the only part that may be
 * logged ({@code toString} never shows a secret).
 */
public record RegistryCredential(String username, String password, String identityToken, String registryToken, String source) {

  public boolean hasBasic() {
    return username != null && password != null;
  }

  public boolean hasIdentityToken() {
    return identityToken != null && !identityToken.isEmpty();
  }

  public boolean hasRegistryToken() {
    return registryToken != null && !registryToken.isEmpty();
  }

  public boolean isUsable() {
    return hasBasic() || hasIdentityToken() || hasRegistryToken();
  }

  @Override
  public String toString() {
    return "credentials from " + source;
  }
}
