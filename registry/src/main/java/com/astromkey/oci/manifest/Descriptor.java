package com.astromkey.oci.manifest;

import com.astromkey.oci.Digest;
import java.util.Map;

/** An OCI content descriptor; {@code platform*} fields are set for index entries only. */
public record Descriptor(
    String mediaType, Digest digest, long size, String os, String architecture, String variant,
    Map<String, String> annotations, String artifactType) {

  public static final String REFERENCE_TYPE_ANNOTATION = "vnd.docker.reference.type";

  public Descriptor {
    annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
  }

  public static Descriptor of(String mediaType, Digest digest, long size) {
    return new Descriptor(mediaType, digest, size, null, null, null, Map.of(), null);
  }

  /** Attestation manifests (buildx provenance/SBOM) must never be selected as the image to run. */
  public boolean isAttestation() {
    return "unknown".equals(architecture) || "unknown".equals(os)
        || "attestation-manifest".equals(annotations.get(REFERENCE_TYPE_ANNOTATION));
  }

  public String platformName() {
    return os + "/" + architecture + (variant == null ? "" : "/" + variant);
  }
}
