package com.astromkey.oci.extract;

import java.util.Map;

/** Decompression-bomb limits over all layers of one image (registry.md §8). */
public record ExtractionLimits(long maxBytes, long maxEntries) {

  public static final String MAX_BYTES_ENV = "AK_EXTRACT_MAX_BYTES";
  public static final long DEFAULT_MAX_BYTES = 4L << 30;
  public static final long DEFAULT_MAX_ENTRIES = 500_000;
  public static final ExtractionLimits DEFAULT = new ExtractionLimits(DEFAULT_MAX_BYTES, DEFAULT_MAX_ENTRIES);

  /** Reads {@value #MAX_BYTES_ENV}; an unparseable value is a configuration error, not silently the default. */
  public static ExtractionLimits fromEnvironment(Map<String, String> env) {
    String value = env.get(MAX_BYTES_ENV);
    if (value == null || value.isBlank()) {
      return DEFAULT;
    }
    try {
      return new ExtractionLimits(Long.parseLong(value.trim()), DEFAULT_MAX_ENTRIES);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(MAX_BYTES_ENV + " must be a number of bytes, got '" + value + "'");
    }
  }
}
