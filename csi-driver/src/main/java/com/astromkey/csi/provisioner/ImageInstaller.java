package com.astromkey.csi.provisioner;

import com.astromkey.csi.layout.CacheKeys;
import com.astromkey.csi.layout.CodeModuleCache;
import com.astromkey.csi.layout.CodeModuleOrigin;
import com.astromkey.csi.layout.ResolvedReference;
import com.astromkey.domain.image.ImageReference;
import com.astromkey.oci.Digest;
import com.astromkey.oci.Platform;
import com.astromkey.oci.RegistryClient;
import com.astromkey.oci.ResolvedImage;
import com.astromkey.oci.manifest.Descriptor;
import com.astromkey.oci.verify.SignatureFormat;
import com.astromkey.oci.verify.SignatureVerifier;
import com.astromkey.oci.verify.VerificationResult;
import com.astromkey.domain.feature.SignatureMode;
import java.util.EnumSet;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The image installer of csi-driver.md §6.1: resolves {@code codeModulesImage} for the node platform (re-checking tags
 * only when due), installs the platform manifest under {@code sha256-<digest>} through the cache and records the
 * resolution in {@code resolved.json}.
 */
public final class ImageInstaller {
  private static final Logger LOG = LoggerFactory.getLogger(ImageInstaller.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  static final String VERSION_LABEL = "com.astromkey.build-version";

  /** The key the DynaKube should point at, and how the cache got it. */
  public record Result(String key, CodeModuleCache.Outcome outcome, String canonicalReference,
      Optional<VerificationResult> signature) {
    Result(String key, CodeModuleCache.Outcome outcome, String canonicalReference) {
      this(key, outcome, canonicalReference, Optional.empty());
    }
  }

  /** Makes room on the data dir before a download of about {@code bytes} (GC first, then InsufficientDiskSpace). */
  @FunctionalInterface
  public interface RoomCheck {
    void ensureRoomFor(long bytes) throws IOException;
  }

  private final CodeModuleCache cache;
  private final DigestRecheck recheck;
  private final Platform platform;
  private final Clock clock;
  private final RoomCheck room;

  public ImageInstaller(CodeModuleCache cache, DigestRecheck recheck, Platform platform, Clock clock, RoomCheck room) {
    this.cache = cache;
    this.room = room;
    this.recheck = recheck;
    this.platform = platform;
    this.clock = clock;
  }

  public Result install(String dynakube, ImageReference reference, RegistryClient client) throws IOException {
    return install(dynakube, reference, client, SignatureRequirement.off());
  }

  public Result install(String dynakube, ImageReference reference, RegistryClient client, SignatureRequirement signature)
      throws IOException {
    Optional<ResolvedReference> last = cache.resolved(dynakube);
    boolean installed = last.map(r -> r.key() != null && cache.isInstalled(r.key())).orElse(false);
    switch (recheck.action(reference, last, installed)) {
      case REUSE:
        return new Result(last.get().key(), CodeModuleCache.Outcome.ALREADY_PRESENT, reference.canonical());
      case RECHECK:
        Optional<Digest> now = client.headDigest(reference);
        if (now.isPresent() && now.get().toString().equals(last.get().subjectDigest())) {
          cache.writeResolved(dynakube, new ResolvedReference(last.get().reference(), last.get().subjectDigest(),
              last.get().key(), clock.instant()));
          return new Result(last.get().key(), CodeModuleCache.Outcome.ALREADY_PRESENT, reference.canonical());
        }
        LOG.info("{} now points at {} (was {}); resolving it again", reference.canonical(),
            now.map(Digest::toString).orElse("nothing"), last.get().subjectDigest());
        return resolveAndInstall(dynakube, reference, client, signature);
      default:
        return resolveAndInstall(dynakube, reference, client, signature);
    }
  }

  private Result resolveAndInstall(String dynakube, ImageReference reference, RegistryClient client,
      SignatureRequirement signature) throws IOException {
    ResolvedImage image = client.resolve(reference, platform);
    String key = CacheKeys.forDigest(image.manifestDigest().toString());
    Optional<VerificationResult> verification = Optional.empty();
    if (!cache.isInstalled(key)) {
      // step 4 sits between resolving and extracting: an installed key is only relinked (step 3)
      verification = verify(reference, image, client, signature);
      room.ensureRoomFor(image.manifest().layers().stream().mapToLong(Descriptor::size).sum());
    }
    String signatureState = verification.map(v -> v.state().name()).orElse(null);
    CodeModuleCache.InstallResult result = cache.ensureInstalled(key, work -> {
      client.extract(image, work);
      return new CodeModuleOrigin("image", image.canonicalRef(), image.subjectDigest().toString(),
          image.manifestDigest().toString(), versionLabel(image.config().raw()), platform.toString(), signatureState);
    });
    cache.writeResolved(dynakube, new ResolvedReference(reference.canonical(), image.subjectDigest().toString(), key,
        clock.instant()));
    return new Result(key, result.outcome(), image.canonicalRef(), verification);
  }

  /** Verifies the subject digest D the install is bound to; under {@code enforce} anything but Verified stops here. */
  private static Optional<VerificationResult> verify(ImageReference reference, ResolvedImage image, RegistryClient client,
      SignatureRequirement signature) throws SignatureRejectedException {
    if (!signature.checks()) {
      return Optional.empty();
    }
    VerificationResult result = signature.keys().isEmpty()
        ? VerificationResult.error(image.subjectDigest(), "ConfigMap " + signature.keysSource()
            + " holds no usable public key")
        : new SignatureVerifier(client).verifyDigest(reference, image.subjectDigest(), signature.keys(),
            EnumSet.allOf(SignatureFormat.class));
    if (signature.mode() == SignatureMode.ENFORCE && !result.isVerified()) {
      throw new SignatureRejectedException(reference.canonical(), result);
    }
    return Optional.of(result);
  }

  /** {@code config.Labels["com.astromkey.build-version"]} of the image config, if any. */
  static String versionLabel(byte[] config) {
    try {
      JsonNode label = JSON.readTree(config).path("config").path("Labels").path(VERSION_LABEL);
      return label.isTextual() ? label.asText() : null;
    } catch (IOException e) {
      return null;
    }
  }
}
