package com.astromkey.oci.mirror;

import com.astromkey.oci.Digest;
import com.astromkey.oci.RegistryException;
import com.astromkey.oci.RegistryException.Reason;
import com.astromkey.oci.manifest.Descriptor;
import com.astromkey.oci.manifest.Manifest;
import com.astromkey.oci.verify.CosignArtifacts;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Walks the source (registry.md §11 steps 2, 5, 6): the image or index with every child (attestations included), the
 * {@code .sig} tag of D and of every child, and the referrers of D; deduplicates blobs and manifests.
 */
final class MirrorPlanner {

  /** Indexes nest at most one level in practice; deeper is refused rather than followed forever. */
  private static final int MAX_DEPTH = 2;

  private final ManifestSource source;
  private final Map<Digest, Descriptor> blobs = new LinkedHashMap<>();
  private final Map<Digest, MirrorPlan.PlannedManifest> manifests = new LinkedHashMap<>();

  private MirrorPlanner(ManifestSource source) {
    this.source = source;
  }

  /**
   * @param top         the resolved source manifest D
   * @param destinationTag the tag D gets at the destination, or null (digest-only copy)
   */
  static MirrorPlan plan(ManifestSource source, Manifest top, String destinationTag, boolean signatures,
      boolean referrers) throws RegistryException {
    MirrorPlanner p = new MirrorPlanner(source);
    p.add(top, destinationTag == null ? List.of() : List.of(destinationTag), false, 0);
    List<String> signatureTags = new ArrayList<>();
    if (signatures) {
      List<Digest> subjects = new ArrayList<>();
      subjects.add(top.digest());
      top.manifests().forEach(d -> subjects.add(d.digest()));
      for (Digest subject : subjects) {
        String tag = CosignArtifacts.legacyTag(subject);
        Optional<Manifest> sig = source.manifest(tag);
        if (sig.isPresent()) {
          p.add(sig.get(), List.of(tag), false, 0);
          signatureTags.add(tag);
        }
      }
    }
    List<Descriptor> referrerList = new ArrayList<>();
    if (referrers) {
      for (Descriptor referrer : source.referrers(top.digest())) {
        Manifest m = source.manifest(referrer.digest().toString()).orElseThrow(() -> new RegistryException(
            Reason.NOT_FOUND, "referrer " + referrer.digest() + " of " + top.digest() + " is listed but missing"));
        p.add(m, List.of(), true, 0);
        referrerList.add(referrer);
      }
    }
    return new MirrorPlan(top.digest(), top.mediaType(), List.copyOf(p.blobs.values()),
        List.copyOf(p.manifests.values()), signatureTags, referrerList);
  }

  private void add(Manifest manifest, List<String> tags, boolean referrer, int depth) throws RegistryException {
    if (manifests.containsKey(manifest.digest())) {
      MirrorPlan.PlannedManifest known = manifests.get(manifest.digest());
      List<String> merged = new ArrayList<>(known.tags());
      tags.stream().filter(t -> !merged.contains(t)).forEach(merged::add);
      manifests.put(manifest.digest(), new MirrorPlan.PlannedManifest(manifest, merged, known.referrer() || referrer));
      return;
    }
    if (manifest.isIndex()) {
      if (depth == MAX_DEPTH) {
        throw new RegistryException(Reason.UNSUPPORTED_MANIFEST, "index " + manifest.digest() + " nested too deeply");
      }
      for (Descriptor child : manifest.manifests()) {
        Manifest m = source.manifest(child.digest().toString()).orElseThrow(() -> new RegistryException(
            Reason.NOT_FOUND, "manifest " + child.digest() + " listed in " + manifest.digest() + " is missing"));
        add(m, List.of(), false, depth + 1);
      }
    } else {
      blobs.putIfAbsent(manifest.config().digest(), manifest.config());
      manifest.layers().forEach(l -> blobs.putIfAbsent(l.digest(), l));
    }
    manifests.put(manifest.digest(), new MirrorPlan.PlannedManifest(manifest, tags, referrer));
  }
}
