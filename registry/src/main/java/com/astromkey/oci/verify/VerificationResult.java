package com.astromkey.oci.verify;

import com.astromkey.oci.Digest;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Result of one signature check (registry.md §10.4): the state, the subject digest D (null when it could not be resolved),
 * a stable message for conditions and logs (no timestamps, no raw stack traces), and the per-signature outcomes.
 */
public record VerificationResult(VerificationState state, Digest digest, String message, List<SignatureCheck> signatures) {

  public VerificationResult {
    signatures = List.copyOf(signatures);
  }

  public boolean isVerified() {
    return state == VerificationState.Verified;
  }

  /** {@code sha256:…} or null, as written into {@code status.codeModules.verification.digest}. */
  public String digestText() {
    return digest == null ? null : digest.toString();
  }

  /** The first valid signature, if any. */
  public Optional<SignatureCheck> validSignature() {
    return signatures.stream().filter(SignatureCheck::valid).findFirst();
  }

  public static VerificationResult error(Digest digest, String message) {
    return new VerificationResult(VerificationState.VerificationError, digest, message, List.of());
  }

  /**
   * The rule of §10.1: Verified iff at least one signature is valid for at least one key; none found → missing; otherwise
   * invalid, with the distinct reasons in the order first seen.
   */
  public static VerificationResult classify(Digest digest, List<SignatureCheck> checks) {
    Optional<SignatureCheck> valid = checks.stream().filter(SignatureCheck::valid).findFirst();
    if (valid.isPresent()) {
      return new VerificationResult(VerificationState.Verified, digest,
          "signed by key " + valid.get().key() + " (" + valid.get().format().label() + ")", checks);
    }
    if (checks.isEmpty()) {
      return new VerificationResult(VerificationState.SignatureMissing, digest,
          "no signature found: neither a " + CosignArtifacts.legacyTag(digest) + " tag nor a sigstore bundle referrer",
          checks);
    }
    Set<String> reasons = new LinkedHashSet<>();
    checks.forEach(c -> reasons.add(c.reason()));
    return new VerificationResult(VerificationState.SignatureInvalid, digest,
        checks.size() + (checks.size() == 1 ? " signature" : " signatures") + " found, none valid: "
            + String.join(", ", reasons), checks);
  }
}
