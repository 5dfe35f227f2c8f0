package com.astromkey.oci.verify;

import static org.assertj.core.api.Assertions.assertThat;

import com.astromkey.domain.image.ImageReference;
import com.astromkey.oci.Digest;
import com.astromkey.oci.RegistryClient;
import com.astromkey.oci.sign.ImageSigner;
import com.astromkey.sandbox.images.ImageFactory;
import com.astromkey.sandbox.images.ImageFormat;
import com.astromkey.sandbox.images.PushedIndex;
import com.astromkey.sandbox.images.Signatures;
import com.astromkey.sandbox.images.SigningKey;
import com.astromkey.sandbox.registry.LocalRegistry;
import com.astromkey.sandbox.registry.RegistryUser;
import com.astromkey.sandbox.registry.RequiresDockerRegistry;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every signature variant of helm-and-image.md §6.2, written by the sandbox's cosign-compatible signer (not ours), checked
 * against a real registry over TLS with Basic auth; plus a round trip through our own signer.
 */
@RequiresDockerRegistry
class SignatureVerifierIT {

  static final SigningKey KEY_A = SigningKey.generate("A");
  static final SigningKey KEY_B = SigningKey.generate("B");
  static final List<TrustedKey> TRUST_A = List.of(new TrustedKey("a.pub", KEY_A.publicKey()));
  static final List<TrustedKey> TRUST_B = List.of(new TrustedKey("b.pub", KEY_B.publicKey()));
  static final Set<SignatureFormat> ANY = EnumSet.allOf(SignatureFormat.class);
  static LocalRegistry registry;
  static ImageFactory factory;
  static SignatureVerifier verifier;
  static RegistryClient client;

  @BeforeAll
  static void start() {
    registry = LocalRegistry.builder().basicAuth(RegistryUser.pushPull("signer", "signer-pass")).tls().start();
    factory = new ImageFactory(registry);
    client = SupplyChainFixtures.client(registry);
    verifier = new SignatureVerifier(client);
  }

  @AfterAll
  static void stop() {
    registry.close();
  }

  @Test
  void legacySigByKeyAVerifiesWithAAndIsInvalidWithB() {
    PushedIndex image = SupplyChainFixtures.codeModules(factory, "legacy/codemodules", "1.0.0", ImageFormat.OCI);
    factory.signatures().signLegacy(image.repository(), image.digest(), KEY_A);

    VerificationResult withA = verifier.verifyWith(ref(image.reference()), TRUST_A, ANY);
    assertThat(withA.state()).isEqualTo(VerificationState.Verified);
    assertThat(withA.digestText()).isEqualTo(image.digest());
    assertThat(withA.signatures()).containsExactly(SignatureCheck.valid(SignatureFormat.LEGACY, "a.pub"));

    VerificationResult withB = verifier.verifyWith(ref(image.reference()), TRUST_B, ANY);
    assertThat(withB.state()).isEqualTo(VerificationState.SignatureInvalid);
    assertThat(withB.message()).isEqualTo("1 signature found, none valid: no matching key");
  }

  @Test
  void publicApiTakesPlainPublicKeysAndNamesThemByFingerprint() {
    PushedIndex image = SupplyChainFixtures.codeModules(factory, "api/codemodules", "1.0.0", ImageFormat.DOCKER);
    factory.signatures().signLegacy(image.repository(), image.digest(), KEY_A);

    VerificationResult r = verifier.verify(ref(image.reference()), List.of(KEY_B.publicKey(), KEY_A.publicKey()));
    assertThat(r.isVerified()).isTrue();
    assertThat(r.validSignature().orElseThrow().key()).isEqualTo(TrustedKey.fingerprint(KEY_A.publicKey()));
  }

  @Test
  void bundleReferrersFoundThroughTheFallbackTagVerify() {
    PushedIndex image = SupplyChainFixtures.codeModules(factory, "bundle/codemodules", "1.0.0", ImageFormat.OCI);
    factory.signatures().attachBundle(image.repository(), SupplyChainFixtures.subject(image), KEY_A,
        Signatures.BundleContent.DSSE_ENVELOPE);
    PushedIndex message = SupplyChainFixtures.codeModules(factory, "bundle/message", "1.0.0", ImageFormat.OCI);
    factory.signatures().attachBundle(message.repository(), SupplyChainFixtures.subject(message), KEY_A,
        Signatures.BundleContent.MESSAGE_SIGNATURE);

    VerificationResult dsse = verifier.verifyWith(ref(image.reference()), TRUST_A, ANY);
    assertThat(dsse.state()).isEqualTo(VerificationState.Verified);
    assertThat(dsse.signatures()).containsExactly(SignatureCheck.valid(SignatureFormat.BUNDLE, "a.pub"));
    assertThat(verifier.verifyWith(ref(message.reference()), TRUST_A, ANY).state()).isEqualTo(VerificationState.Verified);
    assertThat(verifier.verifyWith(ref(image.reference()), TRUST_A, EnumSet.of(SignatureFormat.LEGACY)).state())
        .isEqualTo(VerificationState.SignatureMissing);
    assertThat(verifier.verifyWith(ref(image.reference()), TRUST_B, ANY).message())
        .isEqualTo("1 signature found, none valid: no matching key");
  }

  @Test
  void signedByBOnlyIsInvalidForA() {
    PushedIndex image = SupplyChainFixtures.codeModules(factory, "b-only/codemodules", "1.0.0", ImageFormat.OCI);
    factory.signatures().signLegacy(image.repository(), image.digest(), KEY_B);
    factory.signatures().attachBundle(image.repository(), SupplyChainFixtures.subject(image), KEY_B,
        Signatures.BundleContent.DSSE_ENVELOPE);

    VerificationResult r = verifier.verifyWith(ref(image.reference()), TRUST_A, ANY);
    assertThat(r.state()).isEqualTo(VerificationState.SignatureInvalid);
    assertThat(r.signatures()).extracting(SignatureCheck::format).containsExactly(SignatureFormat.LEGACY,
        SignatureFormat.BUNDLE);
    assertThat(r.message()).isEqualTo("2 signatures found, none valid: no matching key");
  }

  @Test
  void unsignedImageIsMissing() {
    PushedIndex image = SupplyChainFixtures.codeModules(factory, "unsigned/codemodules", "1.0.0", ImageFormat.OCI);
    VerificationResult r = verifier.verifyWith(ref(image.reference()), TRUST_A, ANY);
    assertThat(r.state()).isEqualTo(VerificationState.SignatureMissing);
    assertThat(r.digestText()).isEqualTo(image.digest());
  }

  @Test
  void sigWhosePayloadNamesAnotherDigestIsInvalid() {
    PushedIndex image = SupplyChainFixtures.codeModules(factory, "other-digest/codemodules", "1.0.0", ImageFormat.OCI);
    String arm = image.images().get(1).digest();
    // the .sig of the index carries a correctly signed payload for the arm64 manifest: a replayed signature
    factory.signatures().signLegacy(image.repository(), image.digest(), arm, KEY_A);

    VerificationResult r = verifier.verifyWith(ref(image.reference()), TRUST_A, ANY);
    assertThat(r.state()).isEqualTo(VerificationState.SignatureInvalid);
    assertThat(r.message()).isEqualTo("1 signature found, none valid: digest mismatch");
  }

  @Test
  void registryFailuresAreVerificationErrors() {
    VerificationResult missing = verifier.verifyWith(ref(registry.host() + "/nothing/here:1"), TRUST_A, ANY);
    assertThat(missing.state()).isEqualTo(VerificationState.VerificationError);
    assertThat(missing.message()).startsWith("NotFound: registry " + registry.host());

    PushedIndex image = SupplyChainFixtures.codeModules(factory, "anon/codemodules", "1.0.0", ImageFormat.OCI);
    RegistryClient anonymous = RegistryClient.builder()
        .trust(com.astromkey.oci.transport.TrustConfig.withPem(SupplyChainFixtures.read(registry.caPem()))).build();
    VerificationResult denied = new SignatureVerifier(anonymous).verifyWith(ref(image.reference()), TRUST_A, ANY);
    assertThat(denied.state()).isEqualTo(VerificationState.VerificationError);
    assertThat(denied.message()).startsWith("Unauthorized:").doesNotContain("signer-pass");
  }

  @Test
  void ourSignerWritesBothFormatsForTheIndexAndEveryPlatformAndTheyVerify() throws Exception {
    PushedIndex image = SupplyChainFixtures.codeModules(factory, "released/codemodules", "1.0.0", ImageFormat.OCI);
    KeyPair release = p256();
    ImageSigner signer = new ImageSigner(client, release);
    List<Digest> signed = signer.signAll(ref(image.reference()));
    // index + amd64 + arm64; the attestation entry is not signed
    assertThat(signed).hasSize(3).first().hasToString(image.digest());

    List<TrustedKey> trust = List.of(new TrustedKey("release.pub", release.getPublic()));
    for (Digest d : signed) {
      for (SignatureFormat format : SignatureFormat.values()) {
        VerificationResult r = verifier.verifyDigest(ref(image.reference()), d, trust, EnumSet.of(format));
        assertThat(r.state()).as(d + " " + format).isEqualTo(VerificationState.Verified);
      }
    }
    // a second signature by another key extends the .sig image and the fallback index; both stay valid
    new ImageSigner(client, p256()).signAll(ref(image.reference()));
    VerificationResult r = verifier.verifyWith(ref(image.reference()), trust, ANY);
    assertThat(r.signatures()).hasSize(4).filteredOn(SignatureCheck::valid).hasSize(2);
    // the index itself is no bundle referrer, whatever it names
    assertThat(SignatureVerifier.bundleLayer(client.manifest(ref(image.reference())), signed.get(0))).isEmpty();
  }

  static ImageReference ref(String text) {
    return ImageReference.parse(text);
  }

  static KeyPair p256() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    return g.generateKeyPair();
  }
}
