package com.astromkey.tenant;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/** The HTTP proxy of {@code spec.proxy}: address plus optional Basic credentials; prints no password. */
public record ProxyConfig(String host, int port, String username, String password) {

  public ProxyConfig {
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("proxy host must not be empty");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("proxy port must be 1-65535, got " + port);
    }
    username = username == null ? "" : username;
    password = password == null ? "" : password;
  }

  /**
   * Parses {@code http://[user:password@]host[:port]}; user and password may be percent-encoded.
   * The message never repeats the URL, since it may carry the password.
   */
  public static ProxyConfig parse(String url) {
    if (url == null || url.isBlank()) {
      throw new IllegalArgumentException("proxy URL must not be empty");
    }
    URI uri;
    try {
      uri = new URI(url.strip());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("proxy URL is not a valid URL (expected http://[user:password@]host[:port])");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new IllegalArgumentException("proxy URL must start with http:// (expected http://[user:password@]host[:port])");
    }
    if (uri.getHost() == null) {
      throw new IllegalArgumentException("proxy URL has no host (expected http://[user:password@]host[:port])");
    }
    int port = uri.getPort() != -1 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
    String user = "";
    String pass = "";
    String userInfo = uri.getUserInfo();
    if (userInfo != null) {
      int colon = userInfo.indexOf(':');
      user = colon < 0 ? userInfo : userInfo.substring(0, colon);
      pass = colon < 0 ? "" : userInfo.substring(colon + 1);
    }
    return new ProxyConfig(uri.getHost(), port, user, pass);
  }

  public boolean hasCredentials() {
    return !username.isEmpty();
  }

  /** {@code Basic base64(user:password)} for the Proxy-Authorization header. */
  String basicAuthorization() {
    return "Basic " + java.util.Base64.getEncoder()
        .encodeToString((username + ":" + password).getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  @Override
  public String toString() {
    return "ProxyConfig[" + (hasCredentials() ? username + ":<redacted>@" : "") + host + ":" + port + "]";
  }
}
