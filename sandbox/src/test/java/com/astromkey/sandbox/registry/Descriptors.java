package com.astromkey.sandbox.registry;

import com.astromkey.sandbox.images.Digests;

/** Test shorthand: pushing a manifest by its own digest. */
final class Descriptors {

  private Descriptors() {}

  static String digestTag(byte[] manifest) {
    return Digests.sha256(manifest);
  }
}
