package com.astromkey.webhook.pod;

import com.astromkey.domain.image.ImageReference;
import java.util.Locale;

/**
 * Whether a docker-config {@code auths} key covers an image, with the normalisation and matching rules of registry.md §3. Only
 * the key is looked at: the webhook decides whether a pull secret is needed, it never uses the credentials.
 */
public final class RegistryAuthKeys {
  private RegistryAuthKeys() {}

  /** The normalised key: no scheme, no trailing {@code /}, {@code /v1} or {@code /v2}, lower-case host, Docker Hub aliases folded. */
  public static String normalise(String key) {
    String text = key.trim();
    String lower = text.toLowerCase(Locale.ROOT);
    if (lower.startsWith("https://")) {
      text = text.substring("https://".length());
    } else if (lower.startsWith("http://")) {
      text = text.substring("http://".length());
    }
    if (text.endsWith("/")) {
      text = text.substring(0, text.length() - 1);
    }
    if (text.endsWith("/v1") || text.endsWith("/v2")) {
      text = text.substring(0, text.length() - 3);
    }
    if (text.endsWith("/")) {
      text = text.substring(0, text.length() - 1);
    }
    int slash = text.indexOf('/');
    String host = (slash < 0 ? text : text.substring(0, slash)).toLowerCase(Locale.ROOT);
    String path = slash < 0 ? "" : text.substring(slash);
    if (host.equals("index.docker.io") || host.equals("registry-1.docker.io")) {
      host = ImageReference.DOCKER_HUB;
    }
    return host + path;
  }

  public static boolean matches(String authsKey, ImageReference image) {
    String key = normalise(authsKey);
    int slash = key.indexOf('/');
    String keyDomain = slash < 0 ? key : key.substring(0, slash);
    String keyPath = slash < 0 ? "" : key.substring(slash + 1);
    if (!domainMatches(keyDomain, image.domain().toLowerCase(Locale.ROOT))) {
      return false;
    }
    return keyPath.isEmpty() || image.path().equals(keyPath) || image.path().startsWith(keyPath + "/");
  }

  private static boolean domainMatches(String keyDomain, String imageDomain) {
    String keyHost = host(keyDomain);
    String imageHost = host(imageDomain);
    if (!port(keyDomain).equals(port(imageDomain))) {
      return false;
    }
    if (keyHost.startsWith("*.")) {
      int dot = imageHost.indexOf('.');
      return dot > 0 && imageHost.substring(dot + 1).equals(keyHost.substring(2));
    }
    return keyHost.equals(imageHost);
  }

  private static String host(String domain) {
    int colon = domain.lastIndexOf(':');
    return colon < 0 || domain.indexOf(']', colon) >= 0 ? domain : domain.substring(0, colon);
  }

  private static String port(String domain) {
    int colon = domain.lastIndexOf(':');
    return colon < 0 || domain.indexOf(']', colon) >= 0 ? "" : domain.substring(colon + 1);
  }
}
