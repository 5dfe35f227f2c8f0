package com.astromkey.oci.extract;

/** Names of the safety rules of registry.md §8, as reported in {@link UnsafeLayerEntryException#rule()}. */
public final class ExtractionRules {

  public static final String NUL_IN_NAME = "nul-in-name";
  public static final String NAME_TOO_LONG = "name-too-long";
  public static final String ABSOLUTE_PATH = "absolute-path";
  public static final String PARENT_TRAVERSAL = "parent-traversal";
  public static final String PARENT_NOT_DIRECTORY = "parent-not-directory";
  public static final String PARENT_SYMLINK = "parent-symlink";
  public static final String SYMLINK_ESCAPE = "symlink-escape";
  public static final String HARDLINK_ESCAPE = "hardlink-escape";
  public static final String DEVICE_OR_FIFO = "device-or-fifo";
  public static final String UNSUPPORTED_ENTRY_TYPE = "unsupported-entry-type";
  public static final String TOO_MANY_BYTES = "decompression-bomb-bytes";
  public static final String TOO_MANY_ENTRIES = "decompression-bomb-entries";
  public static final String METADATA_TOO_LARGE = "metadata-too-large";

  private ExtractionRules() {
  }
}
