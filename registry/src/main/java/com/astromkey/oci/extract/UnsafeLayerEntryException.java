package com.astromkey.oci.extract;

import com.astromkey.oci.RegistryException;

/** A layer entry that breaks a safety rule of registry.md §8; the whole install fails and the work directory goes. */
public final class UnsafeLayerEntryException extends RegistryException {

  private final String layerDigest;
  private final String entry;
  private final String rule;

  public UnsafeLayerEntryException(String layerDigest, String entry, String rule, String detail) {
    super(Reason.UNSAFE_LAYER_ENTRY, "layer " + layerDigest + ", entry '" + printable(entry) + "': rule " + rule
        + (detail == null ? "" : " (" + detail + ")"));
    this.layerDigest = layerDigest;
    this.entry = entry;
    this.rule = rule;
  }

  public String layerDigest() {
    return layerDigest;
  }

  public String entry() {
    return entry;
  }

  /** The rule name, stable for tests and conditions: see {@link ExtractionRules}. */
  public String rule() {
    return rule;
  }

  private static String printable(String name) {
    if (name == null) {
      return "";
    }
    String shown = name.replace("\0", "\\0");
    return shown.length() > 200 ? shown.substring(0, 200) + "…" : shown;
  }
}
