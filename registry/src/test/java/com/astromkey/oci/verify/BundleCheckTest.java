package com.astromkey.oci.verify;

import static org.assertj.core.api.Assertions.assertThat;

import com.astromkey.oci.Digest;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class BundleCheckTest {

  static final KeyPair A = TestKeys.p256();
  static final KeyPair B = TestKeys.p256();
  static final Digest D = Digest.of("index".getBytes(StandardCharsets.UTF_8));
  static final Digest OTHER = Digest.of("other".getBytes(StandardCharsets.UTF_8));
  static final List<TrustedKey> KEY_A = List.of(new TrustedKey("a.pub", A.getPublic()));

  @Test
  void paeIsTheDsseEncodingWithByteLengths() {
    assertThat(new String(BundleCheck.pae("t/ü", "ab".getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8))
        .isEqualTo("DSSEv1 4 t/ü 2 ab");
  }

  @Test
  void dsseEnvelopeOverAStatementNamingTheSubjectIsValid() {
    assertThat(BundleCheck.check(dsse(A, D, CosignArtifacts.SIGN_PREDICATE_TYPE, CosignArtifacts.IN_TOTO_PAYLOAD_TYPE), D,
        KEY_A)).isEqualTo(SignatureCheck.valid(SignatureFormat.BUNDLE, "a.pub"));
  }

  @Test
  void dsseFailuresAreClassified() {
    String in = CosignArtifacts.IN_TOTO_PAYLOAD_TYPE;
    String pred = CosignArtifacts.SIGN_PREDICATE_TYPE;
    assertThat(BundleCheck.check(dsse(B, D, pred, in), D, KEY_A).reason()).isEqualTo(SignatureCheck.NO_MATCHING_KEY);
    assertThat(BundleCheck.check(dsse(A, OTHER, pred, in), D, KEY_A).reason()).isEqualTo(SignatureCheck.DIGEST_MISMATCH);
    assertThat(BundleCheck.check(dsse(A, D, "https://slsa.dev/provenance/v1", in), D, KEY_A).reason())
        .isEqualTo(SignatureCheck.WRONG_PAYLOAD_TYPE);
    assertThat(BundleCheck.check(dsse(A, D, pred, "text/plain"), D, KEY_A).reason())
        .isEqualTo(SignatureCheck.WRONG_PAYLOAD_TYPE);
    assertThat(BundleCheck.check("{]".getBytes(StandardCharsets.UTF_8), D, KEY_A).reason())
        .isEqualTo(SignatureCheck.BAD_SIGNATURE);
  }

  @Test
  void messageSignatureOverThePrecomputedDigest() {
    byte[] digest = HexFormat.of().parseHex(D.hex());
    assertThat(BundleCheck.check(message("SHA2_256", digest, TestKeys.sign(A, "NONEwithECDSA", digest)), D, KEY_A).valid())
        .isTrue();
    assertThat(BundleCheck.check(message("SHA2_256", digest, TestKeys.sign(B, "NONEwithECDSA", digest)), D, KEY_A).reason())
        .isEqualTo(SignatureCheck.NO_MATCHING_KEY);
    byte[] other = HexFormat.of().parseHex(OTHER.hex());
    assertThat(BundleCheck.check(message("SHA2_256", other, TestKeys.sign(A, "NONEwithECDSA", other)), D, KEY_A).reason())
        .isEqualTo(SignatureCheck.DIGEST_MISMATCH);
    assertThat(BundleCheck.check(message("SHA2_384", digest, TestKeys.sign(A, "NONEwithECDSA", digest)), D, KEY_A).reason())
        .isEqualTo(SignatureCheck.WRONG_PAYLOAD_TYPE);
  }

  static byte[] dsse(KeyPair key, Digest subject, String predicateType, String payloadType) {
    String statement = "{\"_type\":\"https://in-toto.io/Statement/v1\",\"subject\":[{\"name\":\"x\",\"digest\":{\"sha256\":\""
        + subject.hex() + "\"}}],\"predicateType\":\"" + predicateType + "\",\"predicate\":{}}";
    byte[] payload = statement.getBytes(StandardCharsets.UTF_8);
    String sig = TestKeys.sign(key, "SHA256withECDSA", BundleCheck.pae(payloadType, payload));
    return ("{\"mediaType\":\"" + CosignArtifacts.BUNDLE_MEDIA_TYPE + "\",\"dsseEnvelope\":{\"payload\":\""
        + Base64.getEncoder().encodeToString(payload) + "\",\"payloadType\":\"" + payloadType
        + "\",\"signatures\":[{\"sig\":\"" + sig + "\"}]}}").getBytes(StandardCharsets.UTF_8);
  }

  static byte[] message(String algorithm, byte[] digest, String sig) {
    return ("{\"messageSignature\":{\"messageDigest\":{\"algorithm\":\"" + algorithm + "\",\"digest\":\""
        + Base64.getEncoder().encodeToString(digest) + "\"},\"signature\":\"" + sig + "\"}}").getBytes(StandardCharsets.UTF_8);
  }
}
