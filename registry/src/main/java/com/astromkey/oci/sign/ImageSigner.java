package com.astromkey.oci.sign;

import com.astromkey.domain.image.ImageReference;
import com.astromkey.oci.Digest;
import com.astromkey.oci.RegistryClient;
import com.astromkey.oci.RegistryException;
import com.astromkey.oci.RegistryException.Reason;
import com.astromkey.oci.auth.RegistrySession;
import com.astromkey.oci.manifest.Descriptor;
import com.astromkey.oci.manifest.Manifest;
import com.astromkey.oci.manifest.ManifestFetcher;
import com.astromkey.oci.manifest.MediaTypes;
import com.astromkey.oci.push.PushOperations;
import com.astromkey.oci.verify.BundleCheck;
import com.astromkey.oci.verify.CosignArtifacts;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.Signature;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signs pushed images the way cosign does with a key (helm-and-image.md §6.1): a simplesigning layer in the
 * {@code sha256-<hex>.sig} image and a sigstore bundle v0.3 (DSSE, in-toto statement) referrer. Release builds sign the
 * list and every platform manifest; tests use it to produce signatures the verifier must accept.
 */
public final class ImageSigner {

  private static final Logger LOG = LoggerFactory.getLogger(ImageSigner.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final byte[] EMPTY_JSON = "{}".getBytes(StandardCharsets.UTF_8);

  private final RegistryClient client;
  private final KeyPair key;

  public ImageSigner(RegistryClient client, KeyPair key) {
    this.client = client;
    this.key = key;
  }

  /** Signs what {@code reference} points to and, for an index, every entry that is not an attestation; both formats. */
  public List<Digest> signAll(ImageReference reference) throws RegistryException {
    Manifest top = client.manifest(reference);
    List<Descriptor> subjects = new ArrayList<>();
    subjects.add(Descriptor.of(top.mediaType(), top.digest(), top.raw().length));
    top.manifests().stream().filter(d -> !d.isAttestation()).forEach(subjects::add);
    for (Descriptor subject : subjects) {
      signLegacy(reference, subject.digest());
      attachBundle(reference, subject);
    }
    LOG.info("{} signed: {} manifests, legacy and bundle", reference.canonical(), subjects.size());
    return subjects.stream().map(Descriptor::digest).toList();
  }

  /** Adds one simplesigning layer to the subject's {@code .sig} image (created, or extended keeping earlier layers). */
  public Digest signLegacy(ImageReference repository, Digest subject) throws RegistryException {
    return signLegacy(repository, subject, subject);
  }

  /** As {@link #signLegacy(ImageReference, Digest)} with a payload naming {@code payloadDigest} (negative tests). */
  public Digest signLegacy(ImageReference repository, Digest subject, Digest payloadDigest) throws RegistryException {
    RegistrySession session = pushSession(repository);
    PushOperations push = new PushOperations(session);
    byte[] payload = simpleSigningPayload(repository.domain() + "/" + repository.path(), payloadDigest);
    Digest payloadBlob = Digest.of(payload);
    ReferrerPublisher.pushSmallBlob(push, payloadBlob, payload);
    String tag = CosignArtifacts.legacyTag(subject);
    ArrayNode layers = JSON.createArrayNode();
    List<String> diffIds = new ArrayList<>();
    existingSigLayers(session, tag).forEach(l -> {
      layers.add(l);
      diffIds.add(l.path("digest").asText());
    });
    ObjectNode layer = layers.addObject();
    layer.put("mediaType", CosignArtifacts.SIMPLESIGNING_MEDIA_TYPE);
    layer.put("digest", payloadBlob.toString());
    layer.put("size", payload.length);
    layer.putObject("annotations").put(CosignArtifacts.SIGNATURE_ANNOTATION,
        Base64.getEncoder().encodeToString(sign("SHA256withECDSA", payload)));
    diffIds.add(payloadBlob.toString());
    byte[] config = cosignConfig(diffIds);
    ReferrerPublisher.pushSmallBlob(push, Digest.of(config), config);
    ObjectNode manifest = JSON.createObjectNode();
    manifest.put("schemaVersion", 2);
    manifest.put("mediaType", MediaTypes.OCI_MANIFEST);
    ObjectNode c = manifest.putObject("config");
    c.put("mediaType", MediaTypes.OCI_CONFIG);
    c.put("digest", Digest.of(config).toString());
    c.put("size", config.length);
    manifest.set("layers", layers);
    return push.putManifest(tag, MediaTypes.OCI_MANIFEST, ReferrerPublisher.bytes(manifest));
  }

  /** Pushes a DSSE sigstore bundle referrer for {@code subject}; returns the referrer manifest digest. */
  public Digest attachBundle(ImageReference repository, Descriptor subject) throws RegistryException {
    RegistrySession session = pushSession(repository);
    PushOperations push = new PushOperations(session);
    byte[] bundle = dsseBundle(repository.domain() + "/" + repository.path(), subject.digest());
    Digest bundleDigest = Digest.of(bundle);
    ReferrerPublisher.pushSmallBlob(push, bundleDigest, bundle);
    ReferrerPublisher.pushSmallBlob(push, Digest.of(EMPTY_JSON), EMPTY_JSON);
    ObjectNode m = JSON.createObjectNode();
    m.put("schemaVersion", 2);
    m.put("mediaType", MediaTypes.OCI_MANIFEST);
    m.put("artifactType", CosignArtifacts.BUNDLE_MEDIA_TYPE);
    ObjectNode config = m.putObject("config");
    config.put("mediaType", MediaTypes.OCI_EMPTY);
    config.put("digest", Digest.of(EMPTY_JSON).toString());
    config.put("size", EMPTY_JSON.length);
    ObjectNode layer = m.putArray("layers").addObject();
    layer.put("mediaType", CosignArtifacts.BUNDLE_MEDIA_TYPE);
    layer.put("digest", bundleDigest.toString());
    layer.put("size", bundle.length);
    ObjectNode s = m.putObject("subject");
    s.put("mediaType", subject.mediaType());
    s.put("digest", subject.digest().toString());
    s.put("size", subject.size());
    Map<String, String> annotations = Map.of("dev.sigstore.bundle.content", "dsse-envelope",
        "dev.sigstore.bundle.predicateType", CosignArtifacts.SIGN_PREDICATE_TYPE);
    ObjectNode a = m.putObject("annotations");
    annotations.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> a.put(e.getKey(), e.getValue()));
    byte[] bytes = ReferrerPublisher.bytes(m);
    Descriptor referrer = new Descriptor(MediaTypes.OCI_MANIFEST, Digest.of(bytes), bytes.length, null, null, null,
        annotations, CosignArtifacts.BUNDLE_MEDIA_TYPE);
    ReferrerPublisher.publish(session, subject.digest(), referrer, bytes);
    return referrer.digest();
  }

  /** The cosign simplesigning payload; {@code docker-reference} is informative only (the verifier ignores it). */
  public static byte[] simpleSigningPayload(String dockerReference, Digest digest) {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode critical = root.putObject("critical");
    critical.putObject("identity").put("docker-reference", dockerReference);
    critical.putObject("image").put("docker-manifest-digest", digest.toString());
    critical.put("type", CosignArtifacts.COSIGN_PAYLOAD_TYPE);
    root.putNull("optional");
    return ReferrerPublisher.bytes(root);
  }

  private byte[] dsseBundle(String name, Digest subject) {
    ObjectNode statement = JSON.createObjectNode();
    statement.put("_type", CosignArtifacts.IN_TOTO_STATEMENT_TYPE);
    ObjectNode s = statement.putArray("subject").addObject();
    s.put("name", name);
    s.putObject("digest").put("sha256", subject.hex());
    statement.put("predicateType", CosignArtifacts.SIGN_PREDICATE_TYPE);
    statement.putObject("predicate");
    byte[] payload = ReferrerPublisher.bytes(statement);
    ObjectNode bundle = JSON.createObjectNode();
    bundle.put("mediaType", CosignArtifacts.BUNDLE_MEDIA_TYPE);
    bundle.putObject("verificationMaterial").putObject("publicKey")
        .put("hint", Base64.getEncoder().encodeToString(Digest.newSha256().digest(key.getPublic().getEncoded())));
    ObjectNode envelope = bundle.putObject("dsseEnvelope");
    envelope.put("payload", Base64.getEncoder().encodeToString(payload));
    envelope.put("payloadType", CosignArtifacts.IN_TOTO_PAYLOAD_TYPE);
    envelope.putArray("signatures").addObject().put("sig", Base64.getEncoder().encodeToString(
        sign("SHA256withECDSA", BundleCheck.pae(CosignArtifacts.IN_TOTO_PAYLOAD_TYPE, payload))));
    return ReferrerPublisher.bytes(bundle);
  }

  private byte[] sign(String algorithm, byte[] data) {
    try {
      Signature s = Signature.getInstance(algorithm);
      s.initSign(key.getPrivate());
      s.update(data);
      return s.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("ECDSA signing with a parsed P-256 key cannot fail", e);
    }
  }

  private static List<JsonNode> existingSigLayers(RegistrySession session, String tag) throws RegistryException {
    try {
      JsonNode root = JSON.readTree(ManifestFetcher.get(session, tag).raw());
      List<JsonNode> layers = new ArrayList<>();
      root.path("layers").forEach(layers::add);
      return layers;
    } catch (RegistryException e) {
      if (e.reason() == Reason.NOT_FOUND) {
        return List.of();
      }
      throw e;
    } catch (IOException e) {
      throw new RegistryException(Reason.PROTOCOL, session.context() + ": unreadable " + tag + " manifest", e);
    }
  }

  private static byte[] cosignConfig(List<String> diffIds) {
    ObjectNode c = JSON.createObjectNode();
    c.put("architecture", "");
    c.put("created", "0001-01-01T00:00:00Z");
    c.putArray("history").addObject().put("created", "0001-01-01T00:00:00Z");
    c.put("os", "");
    ObjectNode rootfs = c.putObject("rootfs");
    rootfs.put("type", "layers");
    diffIds.forEach(rootfs.putArray("diff_ids")::add);
    c.putObject("config");
    return ReferrerPublisher.bytes(c);
  }

  private RegistrySession pushSession(ImageReference repository) {
    return client.session(repository, Set.of(RegistrySession.pushScope(repository.path())));
  }
}
