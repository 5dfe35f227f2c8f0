package com.astromkey.bootstrap.install;

import java.io.IOException;

/** Told about every entry placed in the work directory: debug logging, and tests that fail an install half-way. */
@FunctionalInterface
public interface CopyListener {
  CopyListener NONE = relative -> { };

  void copied(String relative) throws IOException;
}
