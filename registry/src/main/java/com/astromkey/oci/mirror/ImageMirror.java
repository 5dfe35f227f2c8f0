package com.astromkey.oci.mirror;

import com.astromkey.domain.image.ImageReference;
import com.astromkey.oci.Digest;
import com.astromkey.oci.RegistryClient;
import com.astromkey.oci.RegistryException;
import com.astromkey.oci.RegistryException.Reason;
import com.astromkey.oci.auth.RegistrySession;
import com.astromkey.oci.blob.VerifyingBlobStream;
import com.astromkey.oci.manifest.Descriptor;
import com.astromkey.oci.manifest.Manifest;
import com.astromkey.oci.manifest.ManifestFetcher;
import com.astromkey.oci.push.PushOperations;
import com.astromkey.oci.sign.ReferrerPublisher;
import com.astromkey.oci.verify.ReferrerLookup;
import com.astromkey.oci.verify.SignatureFormat;
import com.astromkey.oci.verify.SignatureVerifier;
import com.astromkey.oci.verify.TrustedKey;
import com.astromkey.oci.verify.VerificationResult;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies one image with all platforms, signature tags and referrers from a source to a destination repository, digests
 * preserved (registry.md §11): plan from the source, blobs in parallel (HEAD, mount on the same registry, else one streamed
 * monolithic upload), then manifests children first by digest, then tags, then the referrers fallback tag.
 */
public final class ImageMirror {

  private static final Logger LOG = LoggerFactory.getLogger(ImageMirror.class);

  /** {@code --no-signatures}, {@code --no-referrers}, {@code --jobs}, {@code --dry-run}, {@code --verify-key}. */
  public record Options(boolean signatures, boolean referrers, int jobs, boolean dryRun, List<TrustedKey> verifyKeys) {
    public Options {
      verifyKeys = List.copyOf(verifyKeys);
      if (jobs < 1) {
        throw new IllegalArgumentException("jobs must be at least 1");
      }
    }

    public static Options defaults() {
      return new Options(true, true, 4, false, List.of());
    }
  }

  private final RegistryClient source;
  private final RegistryClient destination;
  private final Options options;
  private final MirrorProgress progress;

  public ImageMirror(RegistryClient source, RegistryClient destination, Options options, MirrorProgress progress) {
    this.source = source;
    this.destination = destination;
    this.options = options;
    this.progress = progress;
  }

  /**
   * Mirrors {@code src} to {@code dst}; {@code dst} keeps its tag (callers give it the source tag when the user named only
   * a repository) or, with a digest, must name the source digest.
   */
  public MirrorReport mirror(ImageReference src, ImageReference dst) throws RegistryException, VerificationFailedException {
    RegistrySession sourceSession = source.session(src, Set.of());
    Manifest top = ManifestFetcher.get(sourceSession, src.reference());
    if (dst.digest() != null && !dst.digest().equals(top.digest().toString())) {
      throw new RegistryException(Reason.DIGEST_MISMATCH, "destination " + dst.canonical() + " names another digest than "
          + "the source " + top.digest());
    }
    Boolean verified = null;
    if (!options.verifyKeys().isEmpty()) {
      requireVerified(src, top.digest());
      verified = true;
    }
    MirrorPlan plan = MirrorPlanner.plan(new RegistrySource(sourceSession), top, dst.digest() == null ? dst.tag() : null,
        options.signatures(), options.referrers());
    String shownDestination = dst.digest() != null ? dst.canonical() : dst.canonical() + "@" + top.digest();
    progress.started(src.canonical(), dst.canonical(), plan);
    BlobTally tally = copyBlobs(src, dst, plan);
    writeManifests(dst, plan);
    MirrorReport report = new MirrorReport(src.canonical(), shownDestination, top.digest(), plan.manifests().size(),
        tally.count(BlobOutcome.PRESENT), tally.count(BlobOutcome.MOUNTED) + tally.count(BlobOutcome.WOULD_MOUNT),
        tally.count(BlobOutcome.UPLOADED) + tally.count(BlobOutcome.WOULD_UPLOAD), tally.uploadedBytes,
        plan.signatureTags(), plan.referrers().size(), verified, options.dryRun());
    progress.finished(report);
    LOG.info("{} mirrored to {}: {} uploaded, {} mounted, {} present{}", src.canonical(), shownDestination,
        report.uploaded(), report.mounted(), report.present(), options.dryRun() ? " (dry run, nothing written)" : "");
    return report;
  }

  /**
   * With {@code --verify-key}: the source must verify (§11 step 1). Callers copying several images check all of them
   * first, so a failure leaves the destination untouched.
   */
  public void requireVerified(ImageReference src) throws RegistryException, VerificationFailedException {
    if (!options.verifyKeys().isEmpty()) {
      requireVerified(src, source.manifest(src).digest());
    }
  }

  private void requireVerified(ImageReference src, Digest digest) throws VerificationFailedException {
    VerificationResult result = new SignatureVerifier(source).verifyDigest(src, digest, options.verifyKeys(),
        EnumSet.allOf(SignatureFormat.class));
    if (!result.isVerified()) {
      throw new VerificationFailedException(src.canonical(), result);
    }
  }

  private BlobTally copyBlobs(ImageReference src, ImageReference dst, MirrorPlan plan) throws RegistryException {
    boolean sameRegistry = src.domain().equals(dst.domain());
    BlobTally tally = new BlobTally();
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(options.jobs(), Math.max(1, plan.blobs().size())),
        r -> {
          Thread t = new Thread(r, "mirror-blob");
          t.setDaemon(true);
          return t;
        });
    try {
      List<Future<BlobOutcome>> futures = new ArrayList<>();
      for (Descriptor blob : plan.blobs()) {
        futures.add(pool.submit(() -> copyBlob(src, dst, blob, sameRegistry)));
      }
      for (int i = 0; i < futures.size(); i++) {
        BlobOutcome outcome = futures.get(i).get();
        tally.add(outcome, plan.blobs().get(i));
      }
      return tally;
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() instanceof UncheckedIOException u ? u.getCause() : e.getCause();
      if (cause instanceof RegistryException r) {
        throw r;
      }
      throw new RegistryException(Reason.CONNECTION, "blob copy to " + dst.canonical() + " failed: " + cause, cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RegistryException(Reason.CONNECTION, "blob copy to " + dst.canonical() + " interrupted", e);
    } finally {
      pool.shutdownNow();
    }
  }

  /** One blob, on its own sessions (sessions are not thread-safe; the token cache behind them is shared). */
  private BlobOutcome copyBlob(ImageReference src, ImageReference dst, Descriptor blob, boolean sameRegistry)
      throws RegistryException {
    PushOperations push = options.dryRun()
        ? new PushOperations(destination.session(dst, Set.of()))
        : sameRegistry ? destination.push(dst, src.path()) : destination.push(dst);
    BlobOutcome outcome;
    if (push.blobExists(blob.digest())) {
      outcome = BlobOutcome.PRESENT;
    } else if (options.dryRun()) {
      outcome = sameRegistry ? BlobOutcome.WOULD_MOUNT : BlobOutcome.WOULD_UPLOAD;
    } else {
      PushOperations.UploadSession upload;
      PushOperations.MountResult mount = sameRegistry ? push.mount(blob.digest(), src.path()) : null;
      if (mount != null && mount.mounted()) {
        outcome = BlobOutcome.MOUNTED;
      } else {
        upload = mount != null ? mount.session() : push.startUpload();
        RegistrySession from = source.session(src, Set.of());
        push.uploadMonolithic(upload, blob.digest(), blob.size(), () -> open(from, blob));
        outcome = BlobOutcome.UPLOADED;
      }
    }
    progress.blob(blob, outcome);
    return outcome;
  }

  private static VerifyingBlobStream open(RegistrySession from, Descriptor blob) {
    try {
      return VerifyingBlobStream.open(from, blob);
    } catch (RegistryException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Children before parents with the original bytes; a manifest or tag already pointing at the right digest is not written
   * again, so a second run writes nothing. A tagged manifest is written under its tags only: the registry stores what is
   * pushed under a tag under its digest too, so a write by digest first would cost one HEAD and one PUT more per tag.
   */
  private void writeManifests(ImageReference dst, MirrorPlan plan) throws RegistryException {
    RegistrySession session = options.dryRun()
        ? destination.session(dst, Set.of())
        : destination.session(dst, Set.of(RegistrySession.pushScope(dst.path())));
    boolean indexedByRegistry = false;
    for (MirrorPlan.PlannedManifest planned : plan.manifests()) {
      Manifest m = planned.manifest();
      List<String> references = planned.tags().isEmpty() ? List.of(m.digest().toString()) : planned.tags();
      for (String reference : references) {
        boolean write = !ManifestFetcher.head(session, reference).equals(Optional.of(m.digest()));
        if (write && !options.dryRun()) {
          boolean subject = ReferrerPublisher.putManifest(session, reference, m.mediaType(), m.raw());
          indexedByRegistry |= planned.referrer() && subject;
        }
        progress.manifest(reference, write);
      }
    }
    if (!options.dryRun() && !plan.referrers().isEmpty() && !indexedByRegistry) {
      ReferrerPublisher.extendFallback(session, plan.subject(), plan.referrers());
    }
  }

  /** Counts per outcome and the bytes actually sent. */
  private static final class BlobTally {
    private final Map<BlobOutcome, Integer> counts = new EnumMap<>(BlobOutcome.class);
    private long uploadedBytes;

    void add(BlobOutcome outcome, Descriptor blob) {
      counts.merge(outcome, 1, Integer::sum);
      if (outcome == BlobOutcome.UPLOADED || outcome == BlobOutcome.WOULD_UPLOAD) {
        uploadedBytes += blob.size();
      }
    }

    int count(BlobOutcome outcome) {
      return counts.getOrDefault(outcome, 0);
    }
  }

  /** The source repository through one session (planning is sequential). */
  private record RegistrySource(RegistrySession session) implements ManifestSource {

    @Override
    public Optional<Manifest> manifest(String reference) throws RegistryException {
      try {
        return Optional.of(ManifestFetcher.get(session, reference));
      } catch (RegistryException e) {
        if (e.reason() == Reason.NOT_FOUND) {
          return Optional.empty();
        }
        throw e;
      }
    }

    @Override
    public List<Descriptor> referrers(Digest subject) throws RegistryException {
      return ReferrerLookup.list(session, subject, null, Integer.MAX_VALUE);
    }
  }
}
