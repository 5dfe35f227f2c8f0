package com.astromkey.oci.verify;

/** The four results of registry.md §10.4; the names are the values of {@code status.codeModules.verification.state}. */
public enum VerificationState {
  Verified, SignatureMissing, SignatureInvalid, VerificationError
}
