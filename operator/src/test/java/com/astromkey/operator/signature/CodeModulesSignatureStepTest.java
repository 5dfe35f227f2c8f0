package com.astromkey.operator.signature;

import static org.assertj.core.api.Assertions.assertThat;

import com.astromkey.domain.image.ImageReference;
import com.astromkey.oci.verify.VerificationResult;
import com.astromkey.oci.verify.VerificationState;
import com.astromkey.operator.testing.FakeImageVerifier;
import com.astromkey.sandbox.images.SigningKey;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Status mapping of operator.md §4.5 / §8 and the key fingerprint that triggers re-checks. */
class CodeModulesSignatureStepTest {
  private static final String SUBJECT = "registry.example.com/astromkey/codemodules@" + FakeImageVerifier.DIGEST;
  private static final SigningKey KEY_A = SigningKey.generate("A");
  private static final SigningKey KEY_B = SigningKey.generate("B");

  @Test
  void everyStateMapsToAStableMessageWithoutTheVerifierDetail() throws Exception {
    ImageReference ref = ImageReference.parse("registry.example.com/astromkey/codemodules:1.0");

    assertThat(message(ref, VerificationState.Verified)).isEqualTo(SUBJECT + " is signed by a configured key.");
    assertThat(message(ref, VerificationState.SignatureMissing))
        .isEqualTo("No signature of " + SUBJECT + " was found; sign the image or use a signed one.");
    assertThat(message(ref, VerificationState.SignatureInvalid))
        .isEqualTo("No signature of " + SUBJECT + " matches the configured keys.");
    assertThat(message(ref, VerificationState.VerificationError)).isEqualTo("The signature of "
        + "registry.example.com/astromkey/codemodules:1.0 could not be checked (registry, network or credential error);"
        + " the check is repeated later.");
  }

  @Test
  void everyStateHasItsEventReason() {
    assertThat(CodeModulesSignatureStep.eventReason(VerificationState.Verified)).isEqualTo("CodeModulesSignatureVerified");
    assertThat(CodeModulesSignatureStep.eventReason(VerificationState.SignatureMissing)).isEqualTo("CodeModulesSignatureMissing");
    assertThat(CodeModulesSignatureStep.eventReason(VerificationState.SignatureInvalid)).isEqualTo("CodeModulesSignatureInvalid");
    assertThat(CodeModulesSignatureStep.eventReason(VerificationState.VerificationError)).isEqualTo("CodeModulesSignatureError");
  }

  @Test
  void onlyPubEntriesThatParseAreKeysAndTheFingerprintFollowsThem() {
    SignatureKeys a = keys(Map.of("key-0.pub", KEY_A.publicKeyPem(), "README", KEY_B.publicKeyPem(), "key-1.pub", "junk"));
    SignatureKeys ab = keys(Map.of("key-0.pub", KEY_A.publicKeyPem(), "key-1.pub", KEY_B.publicKeyPem()));

    assertThat(a.keys()).containsExactly(KEY_A.publicKey());
    assertThat(ab.keys()).hasSize(2);
    assertThat(a.fingerprint()).isNotEqualTo(ab.fingerprint()).startsWith("sha256:");
    assertThat(keys(Map.of("key-0.pub", KEY_A.publicKeyPem())).fingerprint()).isEqualTo(a.fingerprint());
    assertThat(SignatureKeys.from(null).isEmpty()).isTrue();
  }

  private static String message(ImageReference ref, VerificationState state) {
    VerificationResult result = FakeImageVerifier.result(state, "raw detail that must not reach the status");
    return CodeModulesSignatureStep.statusMessage(ref, result);
  }

  private static SignatureKeys keys(Map<String, String> data) {
    return SignatureKeys.from(new ConfigMapBuilder().withNewMetadata().withName("astromkey-signature-keys").endMetadata()
        .withData(data).build());
  }
}
