package com.astromkey.oci.mirror;

import java.util.Locale;

/** What happened to one blob at the destination (registry.md §11 step 3); {@code WOULD_*} only in dry-run. */
enum BlobOutcome {
  PRESENT, MOUNTED, UPLOADED, WOULD_MOUNT, WOULD_UPLOAD;

  String label() {
    return name().toLowerCase(Locale.ROOT).replace('_', ' ');
  }
}
