package com.astromkey.oci.fake;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/** Publishes small OCI images into a {@link FakeRegistry}: one layer with an arch marker file per platform. */
public final class FakeImages {

  public static final String SUBTREE = "opt/astromkey/oneagent/";

  private FakeImages() {
  }

  public static byte[] layer(String... namesAndContents) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(bytes))) {
      for (int i = 0; i < namesAndContents.length; i += 2) {
        byte[] data = namesAndContents[i + 1].getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry e = new TarArchiveEntry(namesAndContents[i]);
        e.setSize(data.length);
        e.setMode(0100644);
        tar.putArchiveEntry(e);
        tar.write(data);
        tar.closeArchiveEntry();
      }
    }
    return bytes.toByteArray();
  }

  /** Pushes a single-platform OCI manifest and returns its bytes. */
  public static byte[] image(FakeRegistry registry, String repo, String arch, byte[]... layers) {
    byte[] config = ("{\"os\":\"linux\",\"architecture\":\"" + arch + "\",\"rootfs\":{\"type\":\"layers\"}}")
        .getBytes(StandardCharsets.UTF_8);
    String configDigest = registry.putBlob(config);
    List<String> descriptors = new ArrayList<>();
    for (byte[] layer : layers) {
      descriptors.add("{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\""
          + registry.putBlob(layer) + "\",\"size\":" + layer.length + "}");
    }
    String manifest = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
        + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + configDigest
        + "\",\"size\":" + config.length + "},\"layers\":[" + String.join(",", descriptors) + "]}";
    return manifest.getBytes(StandardCharsets.UTF_8);
  }

  /** Pushes an OCI index with amd64, arm64 and an attestation entry under {@code tag}; returns the index digest. */
  public static String multiArch(FakeRegistry registry, String repo, String tag) throws IOException {
    List<String> entries = new ArrayList<>();
    for (String arch : List.of("amd64", "arm64")) {
      byte[] manifest = image(registry, repo, arch, layer(SUBTREE + "arch", arch, SUBTREE + "bin/tool", "tool-" + arch));
      String digest = registry.putManifest(repo, FakeRegistry.digest(manifest),
          "application/vnd.oci.image.manifest.v1+json", manifest);
      entries.add("{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"" + digest
          + "\",\"size\":" + manifest.length + ",\"platform\":{\"os\":\"linux\",\"architecture\":\"" + arch + "\"}}");
    }
    byte[] attestation = image(registry, repo, "unknown", layer("provenance.json", "{}"));
    String attestationDigest = registry.putManifest(repo, FakeRegistry.digest(attestation),
        "application/vnd.oci.image.manifest.v1+json", attestation);
    entries.add(0, "{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"" + attestationDigest
        + "\",\"size\":" + attestation.length + ",\"platform\":{\"os\":\"unknown\",\"architecture\":\"unknown\"},"
        + "\"annotations\":{\"vnd.docker.reference.type\":\"attestation-manifest\"}}");
    byte[] index = ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":["
        + String.join(",", entries) + "]}").getBytes(StandardCharsets.UTF_8);
    return registry.putManifest(repo, tag, "application/vnd.oci.image.index.v1+json", index);
  }
}
