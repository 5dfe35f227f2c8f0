package com.astromkey.oci.verify;

import com.astromkey.oci.Digest;
import java.util.Set;

/** Tag names, media types and annotation keys of cosign's key-based signature formats (registry.md §10), defined once. */
public final class CosignArtifacts {

  public static final String SIMPLESIGNING_MEDIA_TYPE = "application/vnd.dev.cosign.simplesigning.v1+json";
  public static final String SIGNATURE_ANNOTATION = "dev.cosignproject.cosign/signature";
  public static final String COSIGN_PAYLOAD_TYPE = "cosign container image signature";
  public static final String BUNDLE_MEDIA_TYPE = "application/vnd.dev.sigstore.bundle.v0.3+json";
  public static final String BUNDLE_MEDIA_TYPE_ALT = "application/vnd.dev.sigstore.bundle+json;version=0.3";
  public static final Set<String> BUNDLE_MEDIA_TYPES = Set.of(BUNDLE_MEDIA_TYPE, BUNDLE_MEDIA_TYPE_ALT);
  public static final String IN_TOTO_PAYLOAD_TYPE = "application/vnd.in-toto+json";
  public static final String IN_TOTO_STATEMENT_TYPE = "https://in-toto.io/Statement/v1";
  public static final String SIGN_PREDICATE_TYPE = "https://sigstore.dev/cosign/sign/v1";
  public static final String OCI_SUBJECT_HEADER = "OCI-Subject";
  /** registry.md §10.2 and §10.3: more is treated as hostile and cut off. */
  public static final int MAX_SIGNATURES = 20;

  private CosignArtifacts() {
  }

  /** {@code sha256-<hex>.sig}: the legacy signature image of the subject. */
  public static String legacyTag(Digest subject) {
    return referrersTag(subject) + ".sig";
  }

  /** {@code sha256-<hex>}: the OCI referrers fallback tag (an index of referrer descriptors). */
  public static String referrersTag(Digest subject) {
    return "sha256-" + subject.hex();
  }

  public static boolean isBundleType(String mediaType) {
    return mediaType != null && BUNDLE_MEDIA_TYPES.contains(mediaType.replace(" ", ""));
  }
}
