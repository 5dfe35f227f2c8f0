package com.astromkey.oci.verify;

import java.util.Locale;

/** Where a signature was found: the legacy {@code .sig} tag or a sigstore bundle referrer. */
public enum SignatureFormat {
  LEGACY, BUNDLE;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
