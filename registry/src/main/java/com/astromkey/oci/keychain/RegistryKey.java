package com.astromkey.oci.keychain;

import java.util.Locale;

/** A normalised {@code auths} key (host, optional port, optional path) and its matching rules (registry.md §3). */
public record RegistryKey(String host, String port, String path, boolean wildcard) {

  private static final java.util.Set<String> DOCKER_HUB_ALIASES =
      java.util.Set.of("index.docker.io", "registry-1.docker.io", "docker.io");

  /** Normalises a key as written in a docker config: scheme, API suffix and Docker Hub aliases removed. */
  public static RegistryKey parse(String raw) {
    String key = raw.trim();
    String lower = key.toLowerCase(Locale.ROOT);
    if (lower.startsWith("https://")) {
      key = key.substring(8);
    } else if (lower.startsWith("http://")) {
      key = key.substring(7);
    }
    for (String suffix : new String[] {"/v1/", "/v2/", "/v1", "/v2", "/"}) {
      if (key.endsWith(suffix)) {
        key = key.substring(0, key.length() - suffix.length());
        break;
      }
    }
    while (key.endsWith("/")) {
      key = key.substring(0, key.length() - 1);
    }
    int slash = key.indexOf('/');
    String authority = slash < 0 ? key : key.substring(0, slash);
    String path = slash < 0 ? "" : key.substring(slash + 1);
    String host = authority;
    String port = null;
    int colon = authority.lastIndexOf(':');
    if (colon > 0 && !authority.endsWith("]")) {
      host = authority.substring(0, colon);
      port = authority.substring(colon + 1);
    }
    host = host.toLowerCase(Locale.ROOT);
    if (DOCKER_HUB_ALIASES.contains(host) && port == null) {
      host = "docker.io";
    }
    if (host.isEmpty()) {
      throw new IllegalArgumentException("registry key '" + raw + "' has no host");
    }
    boolean wildcard = host.startsWith("*.");
    return new RegistryKey(wildcard ? host.substring(2) : host, port, path, wildcard);
  }

  /** True if this key covers the image {@code domain/path}; the image domain must already be normalised. */
  public boolean matches(String imageDomain, String imagePath) {
    String domain = imageDomain.toLowerCase(Locale.ROOT);
    String imageHost = domain;
    String imagePort = null;
    int colon = domain.lastIndexOf(':');
    if (colon > 0 && !domain.endsWith("]")) {
      imageHost = domain.substring(0, colon);
      imagePort = domain.substring(colon + 1);
    }
    if (DOCKER_HUB_ALIASES.contains(imageHost) && imagePort == null) {
      imageHost = "docker.io";
    }
    if (!hostMatches(imageHost)) {
      return false;
    }
    if (port == null ? imagePort != null : !port.equals(imagePort)) {
      return false;
    }
    return path.isEmpty() || imagePath.equals(path) || imagePath.startsWith(path + "/");
  }

  private boolean hostMatches(String imageHost) {
    if (!wildcard) {
      return host.equals(imageHost);
    }
    // *.example.com covers exactly one more DNS label, like docker's and kubelet's matching
    if (!imageHost.endsWith("." + host)) {
      return false;
    }
    String label = imageHost.substring(0, imageHost.length() - host.length() - 1);
    return !label.isEmpty() && !label.contains(".");
  }

  public int pathComponents() {
    return path.isEmpty() ? 0 : path.split("/").length;
  }

  @Override
  public String toString() {
    return (wildcard ? "*." : "") + host + (port == null ? "" : ":" + port) + (path.isEmpty() ? "" : "/" + path);
  }
}
