package com.astromkey.sandbox.images;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An OCI content descriptor. {@code platform}, {@code annotations} and {@code artifactType} are optional (null / empty) and are
 * written into manifests and indexes only when set.
 */
public record Descriptor(String mediaType, String digest, long size, ImagePlatform platform, Map<String, String> annotations,
    String artifactType) {

  public Descriptor {
    annotations = annotations == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(annotations));
  }

  public Descriptor(String mediaType, String digest, long size) {
    this(mediaType, digest, size, null, Map.of(), null);
  }

  /** Describes exactly these bytes. */
  public static Descriptor of(String mediaType, byte[] bytes) {
    return new Descriptor(mediaType, Digests.sha256(bytes), bytes.length);
  }

  public Descriptor withPlatform(ImagePlatform platform) {
    return new Descriptor(mediaType, digest, size, platform, annotations, artifactType);
  }

  public Descriptor withAnnotations(Map<String, String> annotations) {
    return new Descriptor(mediaType, digest, size, platform, annotations, artifactType);
  }

  public Descriptor withMediaType(String mediaType) {
    return new Descriptor(mediaType, digest, size, platform, annotations, artifactType);
  }

  public Descriptor withArtifactType(String artifactType) {
    return new Descriptor(mediaType, digest, size, platform, annotations, artifactType);
  }

  /** The same descriptor claiming another size (registries do not check descriptor sizes of manifest references). */
  public Descriptor withSize(long size) {
    return new Descriptor(mediaType, digest, size, platform, annotations, artifactType);
  }
}
