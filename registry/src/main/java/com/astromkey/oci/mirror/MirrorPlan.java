package com.astromkey.oci.mirror;

import com.astromkey.oci.Digest;
import com.astromkey.oci.manifest.Descriptor;
import com.astromkey.oci.manifest.Manifest;
import java.util.List;

/**
 * Everything one image copy writes, in write order: unique blobs, then manifests children first (each PUT by digest, with
 * the tags it also gets), the signature tags found and the referrers of the subject D.
 */
record MirrorPlan(Digest subject, String subjectMediaType, List<Descriptor> blobs, List<PlannedManifest> manifests,
    List<String> signatureTags, List<Descriptor> referrers) {

  /** One manifest to PUT with its original bytes, by digest and then under each tag; referrers update the fallback tag. */
  record PlannedManifest(Manifest manifest, List<String> tags, boolean referrer) {
  }

  MirrorPlan {
    blobs = List.copyOf(blobs);
    manifests = List.copyOf(manifests);
    signatureTags = List.copyOf(signatureTags);
    referrers = List.copyOf(referrers);
  }

  long blobBytes() {
    return blobs.stream().mapToLong(Descriptor::size).sum();
  }
}
