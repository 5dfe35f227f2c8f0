package com.astromkey.oci.verify;

import static org.assertj.core.api.Assertions.assertThat;

import com.astromkey.oci.Digest;
import com.astromkey.oci.sign.ImageSigner;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.List;
import org.junit.jupiter.api.Test;

class SimpleSigningCheckTest {

  static final KeyPair A = TestKeys.p256();
  static final KeyPair B = TestKeys.p256();
  static final Digest D = Digest.of("index".getBytes(StandardCharsets.UTF_8));
  static final Digest OTHER = Digest.of("other".getBytes(StandardCharsets.UTF_8));
  static final List<TrustedKey> KEY_A = List.of(new TrustedKey("a.pub", A.getPublic()));

  @Test
  void payloadNamingTheSubjectSignedByATrustedKeyIsValid() {
    byte[] payload = ImageSigner.simpleSigningPayload("registry.example.com/x", D);
    SignatureCheck check = SimpleSigningCheck.check(payload, TestKeys.sign(A, "SHA256withECDSA", payload), D, KEY_A);
    assertThat(check).isEqualTo(SignatureCheck.valid(SignatureFormat.LEGACY, "a.pub"));
  }

  @Test
  void anyOfSeveralKeysMayHaveSigned() {
    byte[] payload = ImageSigner.simpleSigningPayload("x", D);
    List<TrustedKey> keys = List.of(new TrustedKey("b.pub", B.getPublic()), new TrustedKey("a.pub", A.getPublic()));
    assertThat(SimpleSigningCheck.check(payload, TestKeys.sign(A, "SHA256withECDSA", payload), D, keys).key())
        .isEqualTo("a.pub");
  }

  @Test
  void signatureByAnotherKeyHasNoMatchingKey() {
    byte[] payload = ImageSigner.simpleSigningPayload("x", D);
    assertThat(SimpleSigningCheck.check(payload, TestKeys.sign(B, "SHA256withECDSA", payload), D, KEY_A).reason())
        .isEqualTo(SignatureCheck.NO_MATCHING_KEY);
  }

  @Test
  void payloadOfAnotherImageIsADigestMismatchEvenWhenTheSignatureIsGood() {
    byte[] payload = ImageSigner.simpleSigningPayload("x", OTHER);
    assertThat(SimpleSigningCheck.check(payload, TestKeys.sign(A, "SHA256withECDSA", payload), D, KEY_A).reason())
        .isEqualTo(SignatureCheck.DIGEST_MISMATCH);
  }

  @Test
  void dockerReferenceIsIgnoredSoMirroredCopiesStillVerify() {
    byte[] payload = ImageSigner.simpleSigningPayload("registry.astromkey.com/astromkey/astromkey-codemodules", D);
    assertThat(SimpleSigningCheck.payloadProblem(payload, D)).isEmpty();
  }

  @Test
  void digestKeyIsMatchedWithoutRegardToCase() {
    String json = "{\"critical\":{\"identity\":{\"docker-reference\":\"x\"},\"image\":{\"Docker-manifest-digest\":\"" + D
        + "\"},\"type\":\"cosign container image signature\"},\"optional\":{\"creator\":\"someone\"}}";
    assertThat(SimpleSigningCheck.payloadProblem(json.getBytes(StandardCharsets.UTF_8), D)).isEmpty();
  }

  @Test
  void otherPayloadTypesAndGarbageAreWrongPayloadType() {
    String atomic = "{\"critical\":{\"image\":{\"docker-manifest-digest\":\"" + D + "\"},\"type\":\"atomic container signature\"}}";
    assertThat(SimpleSigningCheck.payloadProblem(atomic.getBytes(StandardCharsets.UTF_8), D))
        .contains(SignatureCheck.WRONG_PAYLOAD_TYPE);
    assertThat(SimpleSigningCheck.payloadProblem("not json".getBytes(StandardCharsets.UTF_8), D))
        .contains(SignatureCheck.WRONG_PAYLOAD_TYPE);
  }

  @Test
  void undecodableSignatureIsABadSignature() {
    byte[] payload = ImageSigner.simpleSigningPayload("x", D);
    assertThat(SimpleSigningCheck.check(payload, "%%%", D, KEY_A).reason()).isEqualTo(SignatureCheck.BAD_SIGNATURE);
    assertThat(SimpleSigningCheck.check(payload, "AAAA", D, KEY_A).reason()).isEqualTo(SignatureCheck.BAD_SIGNATURE);
  }

  @Test
  void tamperedPayloadNoLongerMatchesTheKey() {
    byte[] payload = ImageSigner.simpleSigningPayload("x", D);
    String signature = TestKeys.sign(A, "SHA256withECDSA", payload);
    byte[] tampered = ImageSigner.simpleSigningPayload("y", D);
    assertThat(SimpleSigningCheck.check(tampered, signature, D, KEY_A).valid()).isFalse();
  }
}
