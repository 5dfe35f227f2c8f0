package com.astromkey.domain.dynakube;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/** A parsed {@code spec.apiUrl}: tenant API base URL {@code http(s)://host[:port][/e/<envId>]/api} and what derives from it. */
public final class ApiUrl {
  public static final String PLACEHOLDER = "ENVIRONMENTID";
  private static final String API_SUFFIX = "/api";

  private final String text;
  private final String scheme;
  private final String host;
  private final int port;
  private final String path;

  private ApiUrl(String text, String scheme, String host, int port, String path) {
    this.text = text;
    this.scheme = scheme;
    this.host = host;
    this.port = port;
    this.path = path;
  }

  /** The exception message is the reason used in AKV-011, e.g. {@code path does not end in /api}. */
  public static ApiUrl parse(String text) throws IllegalArgumentException {
    if (text == null || text.isEmpty()) {
      throw new IllegalArgumentException("empty");
    }
    URI uri;
    try {
      uri = new URI(text);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("not an absolute http or https URL");
    }
    String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!"http".equals(scheme) && !"https".equals(scheme) || uri.isOpaque()) {
      throw new IllegalArgumentException("not an absolute http or https URL");
    }
    String authority = uri.getRawAuthority();
    if (authority == null || authority.isEmpty()) {
      throw new IllegalArgumentException("no host");
    }
    if (authority.contains("@")) {
      throw new IllegalArgumentException("user info is not allowed");
    }
    String host = authority;
    int port = -1;
    int colon = authority.lastIndexOf(':');
    if (colon >= 0 && authority.indexOf(']', colon) < 0) {
      host = authority.substring(0, colon);
      String portText = authority.substring(colon + 1);
      if (portText.isEmpty() || portText.length() > 5 || !portText.chars().allMatch(Character::isDigit)
          || Integer.parseInt(portText) < 1 || Integer.parseInt(portText) > 65535) {
        throw new IllegalArgumentException("invalid port '" + portText + "'");
      }
      port = Integer.parseInt(portText);
    }
    if (host.isEmpty()) {
      throw new IllegalArgumentException("no host");
    }
    if (host.startsWith(".")) {
      throw new IllegalArgumentException("empty first host label");
    }
    if (uri.getHost() == null) {
      throw new IllegalArgumentException("invalid host '" + host + "'");
    }
    if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
      throw new IllegalArgumentException("query or fragment is not allowed");
    }
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    if (!path.endsWith(API_SUFFIX)) {
      throw new IllegalArgumentException("path does not end in /api");
    }
    return new ApiUrl(text, scheme, host, port, path);
  }

  /** The first label of the host in a text that may not parse, e.g. to detect the placeholder early. */
  public static Optional<String> firstHostLabel(String text) {
    if (text == null) {
      return Optional.empty();
    }
    int start = text.indexOf("://");
    String rest = start < 0 ? text : text.substring(start + 3);
    int end = 0;
    while (end < rest.length() && ".:/?#@".indexOf(rest.charAt(end)) < 0) {
      end++;
    }
    return Optional.of(rest.substring(0, end));
  }

  public String text() {
    return text;
  }

  public String scheme() {
    return scheme;
  }

  public String host() {
    return host;
  }

  /** -1 when the URL has no explicit port. */
  public int port() {
    return port;
  }

  /** {@code host[:port]}: the tenant registry host and its {@code auths} key. */
  public String apiHost() {
    return port < 0 ? host : host + ":" + port;
  }

  /** {@code host[:port][/e/<envId>]}: the URL without scheme and trailing {@code /api}, prefix of tenant-registry images. */
  public String apiPrefix() {
    return apiHost() + path.substring(0, path.length() - API_SUFFIX.length());
  }

  /** The tenant id: the segment after {@code /e/} when present, else the first host label. */
  public String tenantId() {
    String[] segments = path.split("/");
    for (int i = 0; i + 2 < segments.length; i++) {
      if (segments[i].equals("e") && !segments[i + 1].isEmpty()) {
        return segments[i + 1];
      }
    }
    int dot = host.indexOf('.');
    return dot < 0 ? host : host.substring(0, dot);
  }

  @Override
  public String toString() {
    return text;
  }
}
