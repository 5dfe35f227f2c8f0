package com.astromkey.oci.transport;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** An HTTP proxy with optional Basic credentials (sent on CONNECT and on plain-HTTP requests) and a no-proxy list. */
public record ProxyConfig(String host, int port, String username, String password, List<String> noProxy) {

  public ProxyConfig {
    noProxy = noProxy == null ? List.of() : noProxy.stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
  }

  /** Parses {@code http://[user:pass@]host:port}; credentials in the URL are used when none are given. */
  public static ProxyConfig parse(String url, String username, String password, List<String> noProxy) {
    URI uri = URI.create(url.contains("://") ? url : "http://" + url);
    if (uri.getHost() == null) {
      throw new IllegalArgumentException("proxy URL has no host");
    }
    String user = username;
    String pass = password;
    if (user == null && uri.getUserInfo() != null) {
      String info = uri.getUserInfo();
      int colon = info.indexOf(':');
      user = colon < 0 ? info : info.substring(0, colon);
      pass = colon < 0 ? "" : info.substring(colon + 1);
    }
    int port = uri.getPort() > 0 ? uri.getPort() : ("https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80);
    return new ProxyConfig(uri.getHost(), port, user, pass, noProxy);
  }

  /** CLI modes: {@code HTTPS_PROXY}, else {@code HTTP_PROXY}, and {@code NO_PROXY} (either case); null when unset. */
  public static ProxyConfig fromEnvironment(Map<String, String> env) {
    String url = firstSet(env, "HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy");
    if (url == null) {
      return null;
    }
    String noProxy = firstSet(env, "NO_PROXY", "no_proxy");
    return parse(url, null, null, noProxy == null ? List.of() : List.of(noProxy.split(",")));
  }

  private static String firstSet(Map<String, String> env, String... names) {
    for (String name : names) {
      String value = env.get(name);
      if (value != null && !value.isBlank()) {
        return value.trim();
      }
    }
    return null;
  }

  public boolean hasCredentials() {
    return username != null && !username.isEmpty();
  }

  /** NO_PROXY semantics: {@code *}, exact host, domain suffix ({@code .example.com} or {@code example.com}), host:port. */
  public boolean bypasses(String host, int port) {
    String h = host.toLowerCase(Locale.ROOT);
    if (h.startsWith("[") && h.endsWith("]")) {
      h = h.substring(1, h.length() - 1);
    }
    for (String raw : noProxy) {
      String entry = raw.toLowerCase(Locale.ROOT);
      if (entry.equals("*")) {
        return true;
      }
      int colon = entry.lastIndexOf(':');
      if (colon > 0 && entry.indexOf(':') == colon && entry.substring(colon + 1).chars().allMatch(Character::isDigit)) {
        if (Integer.parseInt(entry.substring(colon + 1)) != port) {
          continue;
        }
        entry = entry.substring(0, colon);
      }
      if (entry.startsWith("*.")) {
        entry = entry.substring(1);
      }
      String bare = entry.startsWith(".") ? entry.substring(1) : entry;
      if (h.equals(bare) || h.endsWith("." + bare)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return "ProxyConfig[" + host + ":" + port + (hasCredentials() ? ", credentials set" : "") + ", noProxy=" + noProxy + "]";
  }
}
