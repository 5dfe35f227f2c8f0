package com.astromkey.oci;

import com.astromkey.domain.image.ImageReference;
import com.astromkey.oci.auth.RegistrySession;
import com.astromkey.oci.manifest.ImageConfig;
import com.astromkey.oci.manifest.Manifest;

/**
 * The outcome of resolving a reference for one platform (registry.md §6). {@link #subjectDigest()} is what signatures
 * cover (index digest for multi-platform images); {@link #manifestDigest()} is the platform manifest that is installed.
 */
public final class ResolvedImage {

  private final ImageReference reference;
  private final Digest subjectDigest;
  private final Manifest manifest;
  private final ImageConfig config;
  private final Platform platform;
  private final RegistrySession session;

  ResolvedImage(ImageReference reference, Digest subjectDigest, Manifest manifest, ImageConfig config, Platform platform,
      RegistrySession session) {
    this.reference = reference;
    this.subjectDigest = subjectDigest;
    this.manifest = manifest;
    this.config = config;
    this.platform = platform;
    this.session = session;
  }

  public ImageReference reference() {
    return reference;
  }

  /** {@code domain/path[:tag]@<subject digest>}: the pinned form for logs, status and cache metadata. */
  public String canonicalRef() {
    return reference.withDigest(subjectDigest.toString()).canonical();
  }

  public Digest subjectDigest() {
    return subjectDigest;
  }

  public Digest manifestDigest() {
    return manifest.digest();
  }

  /** The platform manifest, raw bytes included. */
  public Manifest manifest() {
    return manifest;
  }

  public ImageConfig config() {
    return config;
  }

  public Platform platform() {
    return platform;
  }

  /** {@code secret <name>, key <key>} or {@code anonymous}; never the credential. */
  public String credentialSource() {
    return session.credentialSource();
  }

  RegistrySession session() {
    return session;
  }

  @Override
  public String toString() {
    return "ResolvedImage[" + canonicalRef() + ", " + platform + ", manifest " + manifest.digest() + "]";
  }
}
