package com.astromkey.oci;

import com.astromkey.domain.image.ImageReference;
import java.util.Locale;
import java.util.Objects;

/** One repository on one registry: the domain as written in references, the endpoint we contact, and the path. */
public record Repository(String domain, String endpoint, String path) {

  public Repository {
    Objects.requireNonNull(domain, "domain");
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(path, "path");
  }

  /** The repository of a parsed reference; Docker Hub is contacted at its API host. */
  public static Repository of(ImageReference reference) {
    return new Repository(reference.domain(), reference.registryEndpoint(), reference.path());
  }

  /** Host without port, as the keychain and loopback checks need it. */
  public String host() {
    return hostOf(endpoint);
  }

  static String hostOf(String authority) {
    if (authority.startsWith("[")) {
      int end = authority.indexOf(']');
      return authority.substring(0, end + 1);
    }
    int colon = authority.lastIndexOf(':');
    return colon < 0 ? authority : authority.substring(0, colon);
  }

  /** Loopback registries may be reached over plain HTTP (registry.md §2). */
  public boolean isLoopback() {
    String h = host().toLowerCase(Locale.ROOT);
    return h.equals("localhost") || h.startsWith("127.") || h.equals("[::1]");
  }

  @Override
  public String toString() {
    return domain + "/" + path;
  }
}
