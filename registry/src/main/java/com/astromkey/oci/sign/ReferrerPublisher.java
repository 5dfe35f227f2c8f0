package com.astromkey.oci.sign;

import com.astromkey.oci.Digest;
import com.astromkey.oci.RegistryException;
import com.astromkey.oci.RegistryException.Reason;
import com.astromkey.oci.auth.RegistrySession;
import com.astromkey.oci.manifest.Descriptor;
import com.astromkey.oci.manifest.Manifest;
import com.astromkey.oci.manifest.MediaTypes;
import com.astromkey.oci.push.PushOperations;
import com.astromkey.oci.transport.RegistryRequest;
import com.astromkey.oci.transport.RegistryResponse;
import com.astromkey.oci.verify.CosignArtifacts;
import com.astromkey.oci.verify.ReferrerLookup;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import com.astromkey.oci.transport.RequestBody;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Publishes OCI referrers: PUT of the referrer manifest by digest and, when the registry does not index it (no
 * {@code OCI-Subject} response header), the referrers fallback tag {@code sha256-<hex>} extended with its descriptor.
 * Shared by the signer and the mirror; the session must carry the push scope.
 */
public final class ReferrerPublisher {

  private static final ObjectMapper JSON = new ObjectMapper();

  private ReferrerPublisher() {
  }

  /** PUTs exact manifest bytes under {@code reference}; returns whether the registry answered with {@code OCI-Subject}. */
  public static boolean putManifest(RegistrySession session, String reference, String mediaType, byte[] bytes)
      throws RegistryException {
    Digest digest = Digest.of(bytes);
    RegistryRequest request = new RegistryRequest("PUT", session.repositoryUri("manifests/" + reference),
        Map.of("Content-Type", mediaType), RequestBody.of(bytes), true,
        session.context());
    try (RegistryResponse response = session.send(request)) {
      if (response.status() != 201 && response.status() != 200) {
        throw session.unexpected(response, "manifest " + reference);
      }
      Optional<String> returned = response.header("Docker-Content-Digest");
      if (returned.isPresent() && !returned.get().equals(digest.toString())) {
        throw new RegistryException(Reason.DIGEST_MISMATCH, session.context() + ": manifest " + reference
            + " stored as " + returned.get() + ", expected " + digest);
      }
      return response.header(CosignArtifacts.OCI_SUBJECT_HEADER).isPresent();
    }
  }

  /** PUTs a referrer by digest and makes it findable; returns true when the fallback tag was written. */
  public static boolean publish(RegistrySession session, Digest subject, Descriptor referrer, byte[] bytes)
      throws RegistryException {
    boolean indexed = putManifest(session, referrer.digest().toString(), referrer.mediaType(), bytes);
    return !indexed && extendFallback(session, subject, List.of(referrer));
  }

  /**
   * Adds descriptors to the fallback index of {@code subject}, keeping existing entries byte for byte; writes nothing when
   * every descriptor is already listed (a second run stays read-only). Returns whether it wrote.
   */
  public static boolean extendFallback(RegistrySession session, Digest subject, List<Descriptor> add)
      throws RegistryException {
    Optional<Manifest> existing = ReferrerLookup.fallback(session, subject);
    ObjectNode index = existing.map(m -> (ObjectNode) tree(m.raw())).orElseGet(ReferrerPublisher::emptyIndex);
    ArrayNode manifests = index.withArray("manifests");
    Set<String> listed = new HashSet<>();
    manifests.forEach(m -> listed.add(m.path("digest").asText()));
    boolean changed = false;
    for (Descriptor d : add) {
      if (listed.add(d.digest().toString())) {
        manifests.add(descriptorJson(d));
        changed = true;
      }
    }
    if (changed) {
      putManifest(session, CosignArtifacts.referrersTag(subject), MediaTypes.OCI_INDEX, bytes(index));
    }
    return changed;
  }

  /** Uploads a small blob unless the registry has it (HEAD before upload). */
  public static void pushSmallBlob(PushOperations push, Digest digest, byte[] content) throws RegistryException {
    if (!push.blobExists(digest)) {
      push.uploadMonolithic(push.startUpload(), digest, content.length,
          () -> new java.io.ByteArrayInputStream(content));
    }
  }

  static ObjectNode descriptorJson(Descriptor d) {
    ObjectNode o = JSON.createObjectNode();
    o.put("mediaType", d.mediaType());
    if (d.artifactType() != null) {
      o.put("artifactType", d.artifactType());
    }
    o.put("digest", d.digest().toString());
    o.put("size", d.size());
    if (!d.annotations().isEmpty()) {
      ObjectNode a = o.putObject("annotations");
      d.annotations().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> a.put(e.getKey(), e.getValue()));
    }
    return o;
  }

  static byte[] bytes(JsonNode node) {
    try {
      return JSON.writeValueAsBytes(node);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ObjectNode emptyIndex() {
    ObjectNode index = JSON.createObjectNode();
    index.put("schemaVersion", 2);
    index.put("mediaType", MediaTypes.OCI_INDEX);
    index.putArray("manifests");
    return index;
  }

  private static JsonNode tree(byte[] raw) {
    try {
      return JSON.readTree(raw);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
