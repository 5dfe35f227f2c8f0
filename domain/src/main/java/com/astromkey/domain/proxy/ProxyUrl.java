package com.astromkey.domain.proxy;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** A proxy URL {@code http(s)://[user[:password]@]host[:port]}; parsed by hand because agents accept passwords a URI parser rejects. */
public record ProxyUrl(String scheme, String username, String password, String host, int port) {
  private static final Pattern DNS_NAME = Pattern.compile(
      "[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*");
  private static final Pattern IPV6 = Pattern.compile("\\[[0-9A-Fa-f:.]+]");

  /** The exception message is the reason used in AKV-060; it never contains the password. */
  public static ProxyUrl parse(String text) throws IllegalArgumentException {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("empty");
    }
    int schemeEnd = text.indexOf("://");
    if (schemeEnd < 0) {
      throw new IllegalArgumentException("missing http:// or https:// scheme");
    }
    String scheme = text.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new IllegalArgumentException("scheme '" + text.substring(0, schemeEnd) + "' is not http or https");
    }
    String rest = text.substring(schemeEnd + 3);
    String username = null;
    String password = null;
    int at = rest.lastIndexOf('@');
    if (at >= 0) {
      String userInfo = rest.substring(0, at);
      int colon = userInfo.indexOf(':');
      username = colon < 0 ? userInfo : userInfo.substring(0, colon);
      password = colon < 0 ? null : userInfo.substring(colon + 1);
      if (username.isEmpty()) {
        throw new IllegalArgumentException("empty user name before '@'");
      }
      rest = rest.substring(at + 1);
    }
    int tailStart = indexOfAny(rest, "/?#");
    String hostPort = tailStart < 0 ? rest : rest.substring(0, tailStart);
    String tail = tailStart < 0 ? "" : rest.substring(tailStart);
    if (!tail.isEmpty() && !tail.equals("/")) {
      throw new IllegalArgumentException("unexpected path, query or fragment '" + tail + "'");
    }
    String host = hostPort;
    String portText = null;
    int portColon = hostPort.lastIndexOf(':');
    if (portColon >= 0 && hostPort.indexOf(']', portColon) < 0) {
      host = hostPort.substring(0, portColon);
      portText = hostPort.substring(portColon + 1);
    }
    if (host.isEmpty()) {
      throw new IllegalArgumentException("no host");
    }
    if (!DNS_NAME.matcher(host).matches() && !IPV6.matcher(host).matches()) {
      throw new IllegalArgumentException("invalid host '" + host + "'");
    }
    int port = scheme.equals("https") ? 443 : 80;
    if (portText != null) {
      if (portText.isEmpty() || portText.length() > 5 || !portText.chars().allMatch(c -> c >= '0' && c <= '9')
          || Integer.parseInt(portText) < 1 || Integer.parseInt(portText) > 65535) {
        throw new IllegalArgumentException("port '" + portText + "' is not a number between 1 and 65535");
      }
      port = Integer.parseInt(portText);
    }
    return new ProxyUrl(scheme, username, password, host, port);
  }

  /** The password part of a proxy URL as written, also when the rest of the URL does not parse. */
  public static Optional<String> rawPassword(String text) {
    if (text == null) {
      return Optional.empty();
    }
    int schemeEnd = text.indexOf("://");
    String rest = schemeEnd < 0 ? text : text.substring(schemeEnd + 3);
    int at = rest.lastIndexOf('@');
    if (at < 0) {
      return Optional.empty();
    }
    String userInfo = rest.substring(0, at);
    int colon = userInfo.indexOf(':');
    return colon < 0 ? Optional.empty() : Optional.of(userInfo.substring(colon + 1));
  }

  @Override
  public String toString() {
    String user = username == null ? "" : username + (password == null ? "" : ":***") + "@";
    return scheme + "://" + user + host + ":" + port;
  }

  private static int indexOfAny(String text, String characters) {
    for (int i = 0; i < text.length(); i++) {
      if (characters.indexOf(text.charAt(i)) >= 0) {
        return i;
      }
    }
    return -1;
  }
}
