package com.astromkey.csi.layout;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** The cache keys of csi-driver.md §6: by manifest digest, by reference hash (Job fallback) or by version (zip). */
public final class CacheKeys {
  private static final Pattern SHA256_DIGEST = Pattern.compile("sha256:([0-9a-f]{64})");

  private CacheKeys() {}

  /** {@code sha256:<hex>} → {@code sha256-<hex>}: a colon is not welcome in overlay options or paths. */
  public static String forDigest(String digest) {
    var m = SHA256_DIGEST.matcher(digest == null ? "" : digest);
    if (!m.matches()) throw new IllegalArgumentException("not a sha256 digest: " + digest);
    return "sha256-" + m.group(1);
  }

  /** {@code ref-<first 16 hex of sha256(reference)>}, for Job installs whose pod reported no image digest. */
  public static String forReference(String reference) {
    return "ref-" + sha256Hex(reference).substring(0, 16);
  }

  /** The tenant's code-modules version, used as is for zip installs. */
  public static String forVersion(String version) {
    if (!DataLayout.isValidKey(version)) throw new IllegalArgumentException("version is not usable as a cache key: " + version);
    return version;
  }

  static String sha256Hex(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
