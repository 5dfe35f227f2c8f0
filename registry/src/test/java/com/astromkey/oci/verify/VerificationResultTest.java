package com.astromkey.oci.verify;

import static org.assertj.core.api.Assertions.assertThat;

import com.astromkey.oci.Digest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class VerificationResultTest {

  static final Digest D = Digest.of("index".getBytes(StandardCharsets.UTF_8));

  @Test
  void noSignatureFoundIsMissing() {
    VerificationResult r = VerificationResult.classify(D, List.of());
    assertThat(r.state()).isEqualTo(VerificationState.SignatureMissing);
    assertThat(r.message()).contains("sha256-" + D.hex() + ".sig");
    assertThat(r.digestText()).isEqualTo(D.toString());
  }

  @Test
  void oneValidSignatureAmongInvalidOnesVerifies() {
    VerificationResult r = VerificationResult.classify(D, List.of(
        SignatureCheck.invalid(SignatureFormat.LEGACY, SignatureCheck.NO_MATCHING_KEY),
        SignatureCheck.valid(SignatureFormat.BUNDLE, "a.pub")));
    assertThat(r.state()).isEqualTo(VerificationState.Verified);
    assertThat(r.message()).isEqualTo("signed by key a.pub (bundle)");
  }

  @Test
  void onlyInvalidSignaturesListDistinctReasonsInOrder() {
    VerificationResult r = VerificationResult.classify(D, List.of(
        SignatureCheck.invalid(SignatureFormat.LEGACY, SignatureCheck.DIGEST_MISMATCH),
        SignatureCheck.invalid(SignatureFormat.LEGACY, SignatureCheck.NO_MATCHING_KEY),
        SignatureCheck.invalid(SignatureFormat.BUNDLE, SignatureCheck.DIGEST_MISMATCH)));
    assertThat(r.state()).isEqualTo(VerificationState.SignatureInvalid);
    assertThat(r.message()).isEqualTo("3 signatures found, none valid: digest mismatch, no matching key");
  }

  @Test
  void errorsKeepTheDigestWhenKnown() {
    assertThat(VerificationResult.error(D, "Unauthorized: x").state()).isEqualTo(VerificationState.VerificationError);
    assertThat(VerificationResult.error(null, "NotFound: x").digestText()).isNull();
  }

  @Test
  void tagNamesFollowCosign() {
    assertThat(CosignArtifacts.legacyTag(D)).isEqualTo("sha256-" + D.hex() + ".sig");
    assertThat(CosignArtifacts.referrersTag(D)).isEqualTo("sha256-" + D.hex());
    assertThat(CosignArtifacts.isBundleType("application/vnd.dev.sigstore.bundle+json; version=0.3")).isTrue();
    assertThat(ReferrerLookup.matches(CosignArtifacts.BUNDLE_MEDIA_TYPE_ALT, CosignArtifacts.BUNDLE_MEDIA_TYPE)).isTrue();
    assertThat(ReferrerLookup.matches("application/spdx+json", CosignArtifacts.BUNDLE_MEDIA_TYPE)).isFalse();
  }
}
