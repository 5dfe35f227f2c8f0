package com.astromkey.csi.provisioner;

import com.astromkey.oci.verify.VerificationResult;
import java.io.IOException;

/** An image that failed verification under {@code enforce}: nothing was installed (csi-driver.md §6.1 step 4). */
public final class SignatureRejectedException extends IOException {
  private final transient VerificationResult result;

  public SignatureRejectedException(String reference, VerificationResult result) {
    super("code modules image " + reference + (result.digest() == null ? "" : " (" + result.digestText() + ")")
        + " not installed: signature verification is enforced and " + result.message());
    this.result = result;
  }

  public VerificationResult result() {
    return result;
  }
}
