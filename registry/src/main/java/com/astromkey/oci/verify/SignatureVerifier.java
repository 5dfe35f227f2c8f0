package com.astromkey.oci.verify;

import com.astromkey.domain.image.ImageReference;
import com.astromkey.oci.Digest;
import com.astromkey.oci.RegistryClient;
import com.astromkey.oci.RegistryException;
import com.astromkey.oci.RegistryException.Reason;
import com.astromkey.oci.auth.RegistrySession;
import com.astromkey.oci.blob.BlobFetcher;
import com.astromkey.oci.manifest.Descriptor;
import com.astromkey.oci.manifest.Manifest;
import com.astromkey.oci.manifest.ManifestFetcher;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cosign-compatible key-based signature verification (registry.md §10): legacy {@code .sig} tag, then sigstore bundle
 * referrers, for the digest D the reference resolves to. Never throws for registry trouble: that is a
 * {@link VerificationState#VerificationError} result, so callers apply warn/enforce in one place.
 */
public final class SignatureVerifier {

  private static final Logger LOG = LoggerFactory.getLogger(SignatureVerifier.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final RegistryClient client;

  public SignatureVerifier(RegistryClient client) {
    this.client = client;
  }

  /** The operator and CSI entry point: both formats, keys named by fingerprint. */
  public VerificationResult verify(ImageReference reference, List<PublicKey> keys) {
    return verifyWith(reference, keys.stream().map(TrustedKey::of).toList(), EnumSet.allOf(SignatureFormat.class));
  }

  /** Resolves the reference to D (index or manifest digest) and checks the chosen formats. */
  public VerificationResult verifyWith(ImageReference reference, List<TrustedKey> keys, Set<SignatureFormat> formats) {
    Manifest top;
    try {
      top = client.manifest(reference);
    } catch (RegistryException e) {
      return VerificationResult.error(null, e.getMessage());
    }
    return verifyDigest(reference, top.digest(), keys, formats);
  }

  /** Checks signatures of an already resolved subject {@code digest} in the reference's repository. */
  public VerificationResult verifyDigest(ImageReference reference, Digest digest, List<TrustedKey> keys,
      Set<SignatureFormat> formats) {
    try {
      RegistrySession session = client.session(reference, Set.of());
      List<SignatureCheck> checks = new ArrayList<>();
      if (formats.contains(SignatureFormat.LEGACY)) {
        checks.addAll(legacy(session, digest, keys));
      }
      if (formats.contains(SignatureFormat.BUNDLE)) {
        checks.addAll(bundles(session, digest, keys));
      }
      VerificationResult result = VerificationResult.classify(digest, checks);
      LOG.debug("{}@{}: {} ({})", reference.canonical(), digest, result.state(), result.message());
      return result;
    } catch (RegistryException e) {
      return VerificationResult.error(digest, e.getMessage());
    }
  }

  private static List<SignatureCheck> legacy(RegistrySession session, Digest digest, List<TrustedKey> keys)
      throws RegistryException {
    Manifest sig;
    try {
      sig = ManifestFetcher.get(session, CosignArtifacts.legacyTag(digest));
    } catch (RegistryException e) {
      if (e.reason() == Reason.NOT_FOUND) {
        return List.of();
      }
      throw e;
    }
    List<SignatureCheck> checks = new ArrayList<>();
    for (Descriptor layer : sig.layers()) {
      String signature = layer.annotations().get(CosignArtifacts.SIGNATURE_ANNOTATION);
      if (!CosignArtifacts.SIMPLESIGNING_MEDIA_TYPE.equals(layer.mediaType()) || signature == null) {
        continue;
      }
      if (checks.size() == CosignArtifacts.MAX_SIGNATURES) {
        break;
      }
      Optional<byte[]> payload = verifiedBlob(session, layer);
      checks.add(payload.isEmpty()
          ? SignatureCheck.invalid(SignatureFormat.LEGACY, SignatureCheck.DIGEST_MISMATCH)
          : SimpleSigningCheck.check(payload.get(), signature, digest, keys));
    }
    return checks;
  }

  private static List<SignatureCheck> bundles(RegistrySession session, Digest digest, List<TrustedKey> keys)
      throws RegistryException {
    List<SignatureCheck> checks = new ArrayList<>();
    for (Descriptor referrer : ReferrerLookup.list(session, digest, CosignArtifacts.BUNDLE_MEDIA_TYPE,
        CosignArtifacts.MAX_SIGNATURES)) {
      Manifest manifest = ManifestFetcher.get(session, referrer.digest().toString());
      Optional<Descriptor> layer = bundleLayer(manifest, digest);
      if (layer.isEmpty()) {
        continue; // not a bundle for this subject: it does not count as a signature at all
      }
      Optional<byte[]> bundle = verifiedBlob(session, layer.get());
      checks.add(bundle.isEmpty()
          ? SignatureCheck.invalid(SignatureFormat.BUNDLE, SignatureCheck.DIGEST_MISMATCH)
          : BundleCheck.check(bundle.get(), digest, keys));
    }
    return checks;
  }

  /** The bundle layer when the referrer has the bundle artifact type and names {@code subject} (§10.3 step 2). */
  static Optional<Descriptor> bundleLayer(Manifest manifest, Digest subject) throws RegistryException {
    if (manifest.isIndex()) {
      return Optional.empty();
    }
    JsonNode root;
    try {
      root = JSON.readTree(manifest.raw());
    } catch (IOException e) {
      return Optional.empty();
    }
    String artifactType = root.path("artifactType").asText(null);
    if (artifactType == null && manifest.config() != null) {
      artifactType = manifest.config().mediaType();
    }
    if (!CosignArtifacts.isBundleType(artifactType) || !subject.toString().equals(root.path("subject").path("digest")
        .asText(null))) {
      return Optional.empty();
    }
    return manifest.layers().stream().filter(l -> CosignArtifacts.isBundleType(l.mediaType())).findFirst();
  }

  /** The blob (≤ 1 MiB, digest checked); empty when its bytes do not match the digest the manifest gives. */
  private static Optional<byte[]> verifiedBlob(RegistrySession session, Descriptor descriptor) throws RegistryException {
    try {
      return Optional.of(BlobFetcher.readSmall(session, descriptor));
    } catch (RegistryException e) {
      if (e.reason() == Reason.DIGEST_MISMATCH || e.reason() == Reason.SIZE_MISMATCH) {
        return Optional.empty();
      }
      throw e;
    }
  }
}
