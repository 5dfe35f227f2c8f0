package com.astromkey.oci.mirror;

import com.astromkey.oci.verify.VerificationResult;

/** {@code --verify-key} was given and the source did not verify: nothing was copied (exit code 3). */
public final class VerificationFailedException extends Exception {

  private final transient VerificationResult result;

  public VerificationFailedException(String source, VerificationResult result) {
    super(source + ": " + result.state().name() + ": " + result.message());
    this.result = result;
  }

  public VerificationResult result() {
    return result;
  }
}
