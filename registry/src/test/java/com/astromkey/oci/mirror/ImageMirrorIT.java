package com.astromkey.oci.mirror;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.astromkey.domain.image.ImageReference;
import com.astromkey.oci.Digest;
import com.astromkey.oci.RegistryClient;
import com.astromkey.oci.manifest.Descriptor;
import com.astromkey.oci.manifest.Manifest;
import com.astromkey.oci.verify.CosignArtifacts;
import com.astromkey.oci.verify.SignatureCheck;
import com.astromkey.oci.verify.SignatureFormat;
import com.astromkey.oci.verify.SignatureVerifier;
import com.astromkey.oci.verify.SupplyChainFixtures;
import com.astromkey.oci.verify.TrustedKey;
import com.astromkey.oci.verify.VerificationResult;
import com.astromkey.oci.verify.VerificationState;
import com.astromkey.sandbox.images.Digests;
import com.astromkey.sandbox.images.ImageFactory;
import com.astromkey.sandbox.images.ImageFormat;
import com.astromkey.sandbox.images.PushedImage;
import com.astromkey.sandbox.images.PushedIndex;
import com.astromkey.sandbox.images.Signatures;
import com.astromkey.sandbox.images.SigningKey;
import com.astromkey.sandbox.registry.AccessLogEntry;
import com.astromkey.sandbox.registry.LocalRegistry;
import com.astromkey.sandbox.registry.RegistryUser;
import com.astromkey.sandbox.registry.RequiresDockerRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Mirror between two real registries (source: TLS + Basic, destination: TLS + token) and within one registry: digests
 * preserved, signatures and referrers copied and still valid, HEAD-before-upload on a second run, mounts, dry-run.
 */
@RequiresDockerRegistry
class ImageMirrorIT {

  static final SigningKey KEY_A = SigningKey.generate("A");
  static final SigningKey KEY_B = SigningKey.generate("B");
  static final List<TrustedKey> TRUST_A = List.of(new TrustedKey("a.pub", KEY_A.publicKey()));
  static final Set<String> WRITES = Set.of("PUT", "POST", "PATCH", "DELETE");
  static LocalRegistry source;
  static LocalRegistry destination;
  static PushedIndex image;
  static RegistryClient sourceClient;
  static RegistryClient destinationClient;

  @BeforeAll
  static void start() {
    source = LocalRegistry.builder().basicAuth(RegistryUser.pushPull("src-user", "src-pass")).tls().start();
    destination = LocalRegistry.builder().tokenAuth(RegistryUser.pushPull("dst-user", "dst-pass")).tls().start();
    ImageFactory factory = new ImageFactory(source);
    image = SupplyChainFixtures.codeModules(factory, "astromkey/astromkey-codemodules", "1.301.0", ImageFormat.OCI);
    Signatures signatures = factory.signatures();
    signatures.signLegacy(image.repository(), image.digest(), KEY_A);
    signatures.signLegacy(image.repository(), image.images().get(1).digest(), KEY_A);
    signatures.attachBundle(image.repository(), SupplyChainFixtures.subject(image), KEY_A,
        Signatures.BundleContent.DSSE_ENVELOPE);
    sourceClient = SupplyChainFixtures.client(source);
    destinationClient = SupplyChainFixtures.client(destination);
  }

  @AfterAll
  static void stop() {
    source.close();
    destination.close();
  }

  @Test
  void signedMultiArchImageArrivesWithItsDigestsAndSignaturesAndASecondRunUploadsNothing() throws Exception {
    ImageReference dst = ref(destination.host() + "/mirror/codemodules:1.301.0");
    MirrorReport first = mirror(ImageMirror.Options.defaults()).mirror(ref(image.reference()), dst);

    assertThat(first.digest()).hasToString(image.digest());
    // amd64, arm64, attestation, index, two .sig images, one bundle referrer
    assertThat(first.manifests()).isEqualTo(7);
    assertThat(first.signatureTags()).containsExactly(CosignArtifacts.legacyTag(Digest.parse(image.digest())),
        CosignArtifacts.legacyTag(Digest.parse(image.images().get(1).digest())));
    assertThat(first.referrers()).isEqualTo(1);
    // every manifest written once (the tagged ones, index and two .sig, under their tag only), plus the fallback tag
    assertThat(settledLog(destination)).filteredOn(e -> e.isManifest() && e.method().equals("PUT")
        && e.path().contains("/mirror/codemodules/")).hasSize(first.manifests() + 1);
    assertThat(first.uploaded()).isPositive();
    assertThat(first.mounted()).isZero();
    assertThat(destinationClient.headDigest(dst)).contains(Digest.parse(image.digest()));
    for (PushedImage platform : image.images()) {
      assertThat(destinationClient.headDigest(dst.withDigest(platform.digest()))).contains(Digest.parse(platform.digest()));
    }
    assertThat(destinationClient.headDigest(dst.withTag(CosignArtifacts.referrersTag(Digest.parse(image.digest())))))
        .as("fallback tag written, the registry has no referrers API").isPresent();
    sameDigestsForAnIndependentClient(dst, first.signatureTags());

    // another repository name on another registry: docker-reference in the payloads no longer matches, still verified
    VerificationResult atDestination = new SignatureVerifier(destinationClient).verifyWith(dst, TRUST_A,
        EnumSet.allOf(SignatureFormat.class));
    assertThat(atDestination.state()).isEqualTo(VerificationState.Verified);
    assertThat(atDestination.signatures()).extracting(SignatureCheck::format, SignatureCheck::valid)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(SignatureFormat.LEGACY, true),
            org.assertj.core.groups.Tuple.tuple(SignatureFormat.BUNDLE, true));
    assertThat(new SignatureVerifier(destinationClient).verifyDigest(dst, Digest.parse(image.images().get(1).digest()),
        TRUST_A, EnumSet.of(SignatureFormat.LEGACY)).state()).isEqualTo(VerificationState.Verified);

    destination.clearAccessLog();
    MirrorReport second = mirror(ImageMirror.Options.defaults()).mirror(ref(image.reference()), dst);
    assertThat(second.uploaded()).isZero();
    assertThat(second.mounted()).isZero();
    assertThat(second.present()).isEqualTo(first.uploaded());
    assertThat(second.digest()).isEqualTo(first.digest());
    List<AccessLogEntry> log = settledLog(destination);
    assertThat(log).filteredOn(e -> e.isBlob() && e.method().equals("HEAD") && e.status() == 200)
        .hasSize(first.uploaded());
    assertThat(log).noneMatch(e -> WRITES.contains(e.method()));
  }

  @Test
  void withinOneRegistryBlobsAreMountedNotUploaded() throws Exception {
    ImageReference dst = ref(source.host() + "/copies/codemodules:1.301.0");
    source.clearAccessLog();
    MirrorReport report = new ImageMirror(sourceClient, sourceClient, ImageMirror.Options.defaults(),
        MirrorProgress.silent()).mirror(ref(image.reference()), dst);

    assertThat(report.uploaded()).isZero();
    assertThat(report.mounted()).isPositive();
    assertThat(settledLog(source)).filteredOn(e -> e.method().equals("POST") && e.uri().contains("mount="))
        .hasSize(report.mounted()).allMatch(e -> e.status() == 201);
    assertThat(new SignatureVerifier(sourceClient).verifyWith(dst, TRUST_A, EnumSet.allOf(SignatureFormat.class))
        .isVerified()).isTrue();
  }

  @Test
  void dryRunListsWhatWouldBeCopiedAndWritesNothing() throws Exception {
    ImageReference dst = ref(destination.host() + "/dry/codemodules:1.301.0");
    ByteArrayOutputStream progress = new ByteArrayOutputStream();
    destination.clearAccessLog();
    MirrorReport report = new ImageMirror(sourceClient, destinationClient, new ImageMirror.Options(true, true, 2, true,
        List.of()), MirrorProgress.forStream(new PrintStream(progress, true, StandardCharsets.UTF_8), false))
        .mirror(ref(image.reference()), dst);

    assertThat(report.dryRun()).isTrue();
    assertThat(report.uploaded()).isPositive();
    assertThat(report.toJson()).contains("\"dryRun\":true");
    String lines = progress.toString(StandardCharsets.UTF_8);
    assertThat(lines).contains("mirror " + image.reference() + " -> " + dst.canonical() + ": 7 manifests")
        .contains("would upload").contains("  manifest 1.301.0 written");
    assertThat(settledLog(destination)).isNotEmpty().noneMatch(e -> WRITES.contains(e.method()));
    assertThat(destinationClient.headDigest(dst)).isEmpty();
  }

  @Test
  void verifyKeyFailureAtTheSourceCopiesNothing() {
    ImageReference dst = ref(destination.host() + "/refused/codemodules:1.301.0");
    destination.clearAccessLog();
    ImageMirror mirror = mirror(new ImageMirror.Options(true, true, 4, false,
        List.of(new TrustedKey("b.pub", KEY_B.publicKey()))));
    assertThatThrownBy(() -> mirror.mirror(ref(image.reference()), dst))
        .isInstanceOf(VerificationFailedException.class).hasMessageContaining("SignatureInvalid");
    assertThat(settledLog(destination)).isEmpty();
  }

  /**
   * skopeo (another client, another HTTP and auth stack) reads the raw bytes of the index, every child manifest and each
   * {@code .sig} image at both registries: equal sha256 of the bytes proves the digests survived, not just our view of them.
   */
  static void sameDigestsForAnIndependentClient(ImageReference dst, List<String> signatureTags) throws Exception {
    String dstRepo = destination.host() + "/" + dst.path();
    String srcRepo = source.host() + "/" + image.repository();
    assertThat(Digests.sha256(skopeoRaw(destination, "docker://" + dstRepo + ":" + dst.tag())))
        .isEqualTo(Digests.sha256(skopeoRaw(source, "docker://" + image.reference()))).isEqualTo(image.digest());
    Manifest index = Manifest.parse(skopeoRaw(destination, "docker://" + dstRepo + "@" + image.digest()),
        image.mediaType(), "skopeo");
    assertThat(index.manifests()).hasSize(3); // amd64, arm64 and the attestation manifest
    for (Descriptor child : index.manifests()) {
      String at = "@" + child.digest();
      assertThat(Digests.sha256(skopeoRaw(destination, "docker://" + dstRepo + at))).as(child.digest().toString())
          .isEqualTo(Digests.sha256(skopeoRaw(source, "docker://" + srcRepo + at))).isEqualTo(child.digest().toString());
    }
    assertThat(signatureTags).isNotEmpty();
    for (String tag : signatureTags) {
      assertThat(Digests.sha256(skopeoRaw(destination, "docker://" + dstRepo + ":" + tag))).as(tag)
          .isEqualTo(Digests.sha256(skopeoRaw(source, "docker://" + srcRepo + ":" + tag)));
    }
  }

  /** {@code skopeo inspect --raw}: the manifest bytes exactly as the registry serves them. */
  static byte[] skopeoRaw(LocalRegistry registry, String reference) throws Exception {
    Process p = new ProcessBuilder("skopeo", "inspect", "--raw", "--cert-dir", registry.certDir().toString(), "--creds",
        registry.credentials().colonForm(), reference).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    byte[] raw = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
    assertThat(p.exitValue()).as("skopeo inspect --raw " + reference).isZero();
    return raw;
  }

  static ImageMirror mirror(ImageMirror.Options options) {
    return new ImageMirror(sourceClient, destinationClient, options, MirrorProgress.silent());
  }

  /** The registry logs a request after answering it: give the last lines a moment to land. */
  static List<AccessLogEntry> settledLog(LocalRegistry registry) {
    try {
      Thread.sleep(500);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return registry.accessLog();
  }

  static ImageReference ref(String text) {
    return ImageReference.parse(text);
  }
}
