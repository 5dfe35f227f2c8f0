package com.astromkey.domain.image;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/** A parsed, normalised container image reference (registry.md §1): domain, path, tag and digest. */
public final class ImageReference {
  public static final String DOCKER_HUB = "docker.io";
  public static final String DOCKER_HUB_ENDPOINT = "registry-1.docker.io";
  public static final String DEFAULT_TAG = "latest";

  static final int MAX_NAME_LENGTH = 255;
  static final int MAX_TAG_LENGTH = 128;

  private static final String LEGACY_DOCKER_HUB = "index.docker.io";
  private static final Pattern DNS_LABEL = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?");
  private static final Pattern COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
  private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]*");
  private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");
  private static final Pattern DIGEST_ALGORITHM = Pattern.compile("[A-Za-z0-9]+(?:[+._-][A-Za-z0-9]+)*");

  private final String domain;
  private final boolean explicitDomain;
  private final String path;
  private final String tag;
  private final String digest;

  private ImageReference(String domain, boolean explicitDomain, String path, String tag, String digest) {
    this.domain = domain;
    this.explicitDomain = explicitDomain;
    this.path = path;
    this.tag = tag == null && digest == null ? DEFAULT_TAG : tag;
    this.digest = digest;
  }

  public static ImageReference parse(String text) throws ImageReferenceException {
    if (text == null || text.isBlank()) {
      throw new ImageReferenceException("reference is empty");
    }
    String rest = text;
    String digest = null;
    int at = rest.indexOf('@');
    if (at >= 0) {
      digest = checkDigest(rest.substring(at + 1));
      rest = rest.substring(0, at);
    }
    String tag = null;
    int colon = rest.lastIndexOf(':');
    if (colon > rest.lastIndexOf('/')) {
      tag = checkTag(rest.substring(colon + 1));
      rest = rest.substring(0, colon);
    }
    if (rest.isEmpty()) {
      throw new ImageReferenceException("repository path is empty");
    }
    String domain = null;
    String path = rest;
    int slash = rest.indexOf('/');
    if (slash >= 0 && isDomain(rest.substring(0, slash))) {
      domain = rest.substring(0, slash);
      path = rest.substring(slash + 1);
      checkDomain(domain);
    }
    checkPath(path);
    if (rest.length() > MAX_NAME_LENGTH) {
      throw new ImageReferenceException("repository name is longer than " + MAX_NAME_LENGTH + " characters");
    }
    boolean explicitDomain = domain != null;
    if (domain == null || domain.equalsIgnoreCase(LEGACY_DOCKER_HUB) || domain.equalsIgnoreCase(DOCKER_HUB)) {
      domain = DOCKER_HUB;
    }
    if (domain.equals(DOCKER_HUB) && path.indexOf('/') < 0) {
      path = "library/" + path;
    }
    return new ImageReference(domain, explicitDomain, path, tag, digest);
  }

  public String domain() {
    return domain;
  }

  public boolean hasExplicitDomain() {
    return explicitDomain;
  }

  public String path() {
    return path;
  }

  public String tag() {
    return tag;
  }

  public String digest() {
    return digest;
  }

  public String registryEndpoint() {
    return domain.equals(DOCKER_HUB) ? DOCKER_HUB_ENDPOINT : domain;
  }

  public String reference() {
    return digest != null ? digest : tag;
  }

  public String canonical() {
    StringBuilder text = new StringBuilder(domain).append('/').append(path);
    if (tag != null) {
      text.append(':').append(tag);
    }
    if (digest != null) {
      text.append('@').append(digest);
    }
    return text.toString();
  }

  /** A null digest drops the digest; the tag falls back to {@code latest} when none is left. */
  public ImageReference withDigest(String digest) {
    return new ImageReference(domain, explicitDomain, path, tag, digest == null ? null : checkDigest(digest));
  }

  /** A null tag drops the tag; it falls back to {@code latest} when there is no digest either. */
  public ImageReference withTag(String tag) {
    return new ImageReference(domain, explicitDomain, path, tag == null ? null : checkTag(tag), digest);
  }

  public boolean isLoopback() {
    String host = host(domain);
    if (host.equalsIgnoreCase("localhost")) {
      return true;
    }
    if (host.startsWith("[")) {
      int[] groups = ipv6Groups(host.substring(1, host.length() - 1));
      return groups != null && isIpv6Loopback(groups);
    }
    return isIpv4Loopback(host);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ImageReference that
        && domain.equals(that.domain)
        && path.equals(that.path)
        && Objects.equals(tag, that.tag)
        && Objects.equals(digest, that.digest);
  }

  @Override
  public int hashCode() {
    return Objects.hash(domain, path, tag, digest);
  }

  @Override
  public String toString() {
    return canonical();
  }

  private static boolean isDomain(String firstPart) {
    return firstPart.indexOf('.') >= 0
        || firstPart.indexOf(':') >= 0
        || firstPart.equals("localhost")
        || !firstPart.equals(firstPart.toLowerCase(Locale.ROOT));
  }

  private static void checkDomain(String domain) {
    String host = domain;
    String port = null;
    if (domain.startsWith("[")) {
      int close = domain.indexOf(']');
      if (close < 0) {
        throw new ImageReferenceException("IPv6 address in domain '" + domain + "' lacks the closing ']'");
      }
      host = domain.substring(0, close + 1);
      if (ipv6Groups(domain.substring(1, close)) == null) {
        throw new ImageReferenceException("'" + host + "' is not a valid IPv6 address");
      }
      String after = domain.substring(close + 1);
      if (!after.isEmpty()) {
        if (after.charAt(0) != ':') {
          throw new ImageReferenceException("unexpected text '" + after + "' after the IPv6 address in the domain");
        }
        port = after.substring(1);
      }
    } else {
      int colon = domain.indexOf(':');
      if (colon >= 0) {
        host = domain.substring(0, colon);
        port = domain.substring(colon + 1);
      }
      for (String label : host.split("\\.", -1)) {
        if (!DNS_LABEL.matcher(label).matches()) {
          throw new ImageReferenceException("domain '" + host + "' is not a valid host name");
        }
      }
    }
    if (port != null) {
      if (port.isEmpty() || !port.chars().allMatch(c -> c >= '0' && c <= '9')) {
        throw new ImageReferenceException("port must be numeric");
      }
      if (port.length() > 5 || Integer.parseInt(port) > 65535) {
        throw new ImageReferenceException("port " + port + " is out of range (at most 65535)");
      }
    }
  }

  private static void checkPath(String path) {
    if (!path.equals(path.toLowerCase(Locale.ROOT))) {
      throw new ImageReferenceException("repository path must be lower-case");
    }
    for (String component : path.split("/", -1)) {
      if (component.isEmpty()) {
        throw new ImageReferenceException("empty path component");
      }
      if (!COMPONENT.matcher(component).matches()) {
        throw new ImageReferenceException("path component '" + component
            + "' may contain only a-z, 0-9 and the separators '.', '_', '__' or '-' between them");
      }
    }
  }

  private static String checkTag(String tag) {
    if (tag.isEmpty()) {
      throw new ImageReferenceException("tag is empty");
    }
    if (tag.length() > MAX_TAG_LENGTH) {
      throw new ImageReferenceException("tag is longer than " + MAX_TAG_LENGTH + " characters");
    }
    if (!TAG.matcher(tag).matches()) {
      throw new ImageReferenceException("tag '" + tag
          + "' may contain only letters, digits, '_', '.' and '-', and may not start with '.' or '-'");
    }
    return tag;
  }

  private static String checkDigest(String digest) {
    int colon = digest.indexOf(':');
    if (colon > 0) {
      String algorithm = digest.substring(0, colon);
      if (!algorithm.equals("sha256") && DIGEST_ALGORITHM.matcher(algorithm).matches()) {
        throw new ImageReferenceException("digest algorithm " + algorithm + " is not supported (sha256 only)");
      }
    }
    if (colon < 0 || !digest.startsWith("sha256:") || !SHA256_HEX.matcher(digest.substring(colon + 1)).matches()) {
      throw new ImageReferenceException("digest must be sha256:<64 lower-case hex>");
    }
    return digest;
  }

  private static String host(String domain) {
    if (domain.startsWith("[")) {
      return domain.substring(0, domain.indexOf(']') + 1);
    }
    int colon = domain.indexOf(':');
    return colon < 0 ? domain : domain.substring(0, colon);
  }

  private static boolean isIpv4Loopback(String host) {
    int[] octets = ipv4Octets(host);
    return octets != null && octets[0] == 127;
  }

  private static boolean isIpv6Loopback(int[] groups) {
    for (int i = 0; i < 7; i++) {
      if (groups[i] != 0) {
        return isIpv4MappedLoopback(groups);
      }
    }
    return groups[7] == 1;
  }

  // ::ffff:127.x.y.z is the IPv4 loopback seen through an IPv6 socket.
  private static boolean isIpv4MappedLoopback(int[] groups) {
    for (int i = 0; i < 5; i++) {
      if (groups[i] != 0) {
        return false;
      }
    }
    return groups[5] == 0xffff && (groups[6] >> 8) == 127;
  }

  private static int[] ipv4Octets(String text) {
    String[] parts = text.split("\\.", -1);
    if (parts.length != 4) {
      return null;
    }
    int[] octets = new int[4];
    for (int i = 0; i < 4; i++) {
      String part = parts[i];
      if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(c -> c >= '0' && c <= '9')) {
        return null;
      }
      octets[i] = Integer.parseInt(part);
      if (octets[i] > 255) {
        return null;
      }
    }
    return octets;
  }

  /** The eight 16-bit groups of an IPv6 literal (with "::" and a trailing dotted IPv4 part), or null when invalid. */
  private static int[] ipv6Groups(String text) {
    if (text.isEmpty()) {
      return null;
    }
    int doubleColon = text.indexOf("::");
    if (doubleColon >= 0 && text.indexOf("::", doubleColon + 1) >= 0) {
      return null;
    }
    String head = doubleColon < 0 ? text : text.substring(0, doubleColon);
    String tail = doubleColon < 0 ? "" : text.substring(doubleColon + 2);
    int[] headGroups = ipv6Part(head, doubleColon < 0);
    int[] tailGroups = ipv6Part(tail, true);
    if (headGroups == null || tailGroups == null) {
      return null;
    }
    int total = headGroups.length + tailGroups.length;
    if (doubleColon < 0 ? total != 8 : total > 7) {
      return null;
    }
    int[] groups = new int[8];
    System.arraycopy(headGroups, 0, groups, 0, headGroups.length);
    System.arraycopy(tailGroups, 0, groups, 8 - tailGroups.length, tailGroups.length);
    return groups;
  }

  private static int[] ipv6Part(String part, boolean mayEndWithIpv4) {
    if (part.isEmpty()) {
      return new int[0];
    }
    String[] pieces = part.split(":", -1);
    int[] groups = new int[pieces.length + 1];
    int count = 0;
    for (int i = 0; i < pieces.length; i++) {
      String piece = pieces[i];
      if (i == pieces.length - 1 && mayEndWithIpv4 && piece.indexOf('.') >= 0) {
        int[] octets = ipv4Octets(piece);
        if (octets == null) {
          return null;
        }
        groups[count++] = octets[0] << 8 | octets[1];
        groups[count++] = octets[2] << 8 | octets[3];
        continue;
      }
      if (piece.isEmpty() || piece.length() > 4 || !piece.chars().allMatch(ImageReference::isHexDigit)) {
        return null;
      }
      groups[count++] = Integer.parseInt(piece, 16);
    }
    int[] result = new int[count];
    System.arraycopy(groups, 0, result, 0, count);
    return result;
  }

  private static boolean isHexDigit(int c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }
}
