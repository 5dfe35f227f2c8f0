package com.astromkey.oci;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** A content digest {@code sha256:<64 lower-case hex>}, the only algorithm accepted in this release. */
public record Digest(String hex) {

  private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");
  private static final String PREFIX = "sha256:";

  public Digest {
    if (hex == null || !HEX.matcher(hex).matches()) {
      throw new IllegalArgumentException("digest must be sha256:<64 lower-case hex>");
    }
  }

  public static Digest parse(String value) {
    if (value == null || !value.startsWith(PREFIX)) {
      int colon = value == null ? -1 : value.indexOf(':');
      if (colon > 0) {
        throw new IllegalArgumentException(
            "digest algorithm " + value.substring(0, colon) + " is not supported (sha256 only)");
      }
      throw new IllegalArgumentException("digest must be sha256:<64 lower-case hex>");
    }
    return new Digest(value.substring(PREFIX.length()));
  }

  public static Digest of(byte[] content) {
    return fromHash(newSha256().digest(content));
  }

  public static Digest fromHash(byte[] sha256) {
    return new Digest(HexFormat.of().formatHex(sha256));
  }

  public static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime ships SHA-256", e);
    }
  }

  // equals and hashCode written out: a record's generated ones are bound through method handles on first use, which spins
  // classes at run time that every short-lived CLI process pays for (docs/performance.md, mirror section)
  @Override
  public boolean equals(Object other) {
    return other instanceof Digest d && hex.equals(d.hex);
  }

  @Override
  public int hashCode() {
    return hex.hashCode();
  }

  @Override
  public String toString() {
    return PREFIX + hex;
  }
}
