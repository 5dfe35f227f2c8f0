package com.astromkey.sandbox.images;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** Serialises image configs, manifests and indexes (OCI and Docker schema 2) to compact, deterministic JSON bytes. */
public final class Manifests {

  private static final ObjectMapper JSON = new ObjectMapper();
  /** Annotation marking BuildKit attestation manifests inside an index. */
  public static final String REFERENCE_TYPE = "vnd.docker.reference.type";
  public static final String REFERENCE_DIGEST = "vnd.docker.reference.digest";

  private Manifests() {}

  /** An image config ({@code os}, {@code architecture}, labels, one diff id per layer). */
  public static byte[] config(ImagePlatform platform, Map<String, String> labels, List<String> diffIds) {
    ObjectNode c = JSON.createObjectNode();
    c.put("created", "1970-01-01T00:00:00Z");
    c.put("architecture", platform.architecture());
    c.put("os", platform.os());
    if (platform.variant() != null) {
      c.put("variant", platform.variant());
    }
    ObjectNode cfg = c.putObject("config");
    if (!labels.isEmpty()) {
      ObjectNode l = cfg.putObject("Labels");
      labels.forEach(l::put);
    }
    ObjectNode rootfs = c.putObject("rootfs");
    rootfs.put("type", "layers");
    ArrayNode ids = rootfs.putArray("diff_ids");
    diffIds.forEach(ids::add);
    return bytes(c);
  }

  /** {@code application/vnd.oci.image.manifest.v1+json}; {@code artifactType}, {@code subject} and annotations optional. */
  public static byte[] ociManifest(Descriptor config, List<Descriptor> layers, String artifactType, Descriptor subject,
      Map<String, String> annotations) {
    ObjectNode m = JSON.createObjectNode();
    m.put("schemaVersion", 2);
    m.put("mediaType", MediaTypes.OCI_MANIFEST);
    if (artifactType != null) {
      m.put("artifactType", artifactType);
    }
    m.set("config", descriptor(config));
    ArrayNode l = m.putArray("layers");
    layers.forEach(d -> l.add(descriptor(d)));
    if (subject != null) {
      m.set("subject", descriptor(subject));
    }
    putAnnotations(m, annotations);
    return bytes(m);
  }

  public static byte[] ociManifest(Descriptor config, List<Descriptor> layers) {
    return ociManifest(config, layers, null, null, Map.of());
  }

  /** {@code application/vnd.docker.distribution.manifest.v2+json}. */
  public static byte[] dockerManifest(Descriptor config, List<Descriptor> layers) {
    ObjectNode m = JSON.createObjectNode();
    m.put("schemaVersion", 2);
    m.put("mediaType", MediaTypes.DOCKER_MANIFEST);
    m.set("config", descriptor(config));
    ArrayNode l = m.putArray("layers");
    layers.forEach(d -> l.add(descriptor(d)));
    return bytes(m);
  }

  /** {@code application/vnd.oci.image.index.v1+json}; entries carry their platform and annotations. */
  public static byte[] ociIndex(List<Descriptor> manifests, Map<String, String> annotations) {
    return index(MediaTypes.OCI_INDEX, manifests, annotations);
  }

  public static byte[] ociIndex(List<Descriptor> manifests) {
    return index(MediaTypes.OCI_INDEX, manifests, Map.of());
  }

  /** {@code application/vnd.docker.distribution.manifest.list.v2+json}. */
  public static byte[] dockerList(List<Descriptor> manifests) {
    return index(MediaTypes.DOCKER_LIST, manifests, Map.of());
  }

  /** An index entry describing an attestation manifest for {@code subject}, as BuildKit writes it. */
  public static Descriptor attestationEntry(Descriptor attestationManifest, String subjectDigest) {
    return attestationManifest.withPlatform(ImagePlatform.UNKNOWN)
        .withAnnotations(Map.of(REFERENCE_DIGEST, subjectDigest, REFERENCE_TYPE, "attestation-manifest"));
  }

  private static byte[] index(String mediaType, List<Descriptor> manifests, Map<String, String> annotations) {
    ObjectNode m = JSON.createObjectNode();
    m.put("schemaVersion", 2);
    m.put("mediaType", mediaType);
    ArrayNode l = m.putArray("manifests");
    manifests.forEach(d -> l.add(descriptor(d)));
    putAnnotations(m, annotations);
    return bytes(m);
  }

  static ObjectNode descriptor(Descriptor d) {
    ObjectNode o = JSON.createObjectNode();
    o.put("mediaType", d.mediaType());
    if (d.artifactType() != null) {
      o.put("artifactType", d.artifactType());
    }
    o.put("digest", d.digest());
    o.put("size", d.size());
    putAnnotations(o, d.annotations());
    if (d.platform() != null) {
      ObjectNode p = o.putObject("platform");
      p.put("architecture", d.platform().architecture());
      p.put("os", d.platform().os());
      if (d.platform().variant() != null) {
        p.put("variant", d.platform().variant());
      }
    }
    return o;
  }

  private static void putAnnotations(ObjectNode o, Map<String, String> annotations) {
    if (annotations != null && !annotations.isEmpty()) {
      ObjectNode a = o.putObject("annotations");
      annotations.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> a.put(e.getKey(), e.getValue()));
    }
  }

  private static byte[] bytes(ObjectNode node) {
    try {
      return JSON.writeValueAsString(node).getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
