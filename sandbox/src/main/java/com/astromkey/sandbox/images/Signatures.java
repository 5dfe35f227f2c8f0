package com.astromkey.sandbox.images;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Attaches cosign-compatible key-based signatures to pushed images: legacy {@code sha256-<hex>.sig} tags and sigstore bundle
 * v0.3 referrers published through the referrers fallback tag {@code sha256-<hex>} (registry 2.8 has no referrers API).
 */
public final class Signatures {

    public static final String SIGNATURE_ANNOTATION = "dev.cosignproject.cosign/signature";
    public static final String COSIGN_TYPE = "cosign container image signature";
    public static final String PREDICATE_TYPE = "https://sigstore.dev/cosign/sign/v1";
    public static final String IN_TOTO = "application/vnd.in-toto+json";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] EMPTY_JSON = "{}".getBytes(StandardCharsets.UTF_8);

    /** How the bundle carries the signature. */
    public enum BundleContent { DSSE_ENVELOPE, MESSAGE_SIGNATURE }

    private final RawUploader raw;
    private final String host;

    public Signatures(RawUploader raw, String host) {
        this.raw = raw;
        this.host = host;
    }

    /**
     * Adds a simplesigning layer signed by {@code key} to the {@code sha256-<hex(subject)>.sig} image of {@code repo} (created or
     * extended). {@code payloadDigest} is the digest the payload names: normally {@code subjectDigest}, another one for the
     * "payload of another image" variant. Returns the {@code .sig} manifest descriptor.
     */
    public Descriptor signLegacy(String repo, String subjectDigest, String payloadDigest, SigningKey key) {
        byte[] payload = simpleSigningPayload(host + "/" + repo, payloadDigest);
        Descriptor payloadBlob = raw.pushBlob(repo, MediaTypes.COSIGN_SIMPLESIGNING, payload)
                .withAnnotations(Map.of(SIGNATURE_ANNOTATION, Base64.getEncoder().encodeToString(key.sign(payload))));
        String tag = legacyTag(subjectDigest);
        List<Descriptor> layers = new ArrayList<>();
        if (raw.manifestExists(repo, tag)) {
            for (JsonNode l : raw.getManifest(repo, tag).json().path("layers")) {
                layers.add(descriptorOf(l));
            }
        }
        layers.add(payloadBlob);
        List<String> diffIds = layers.stream().map(Descriptor::digest).toList();
        Descriptor config = raw.pushBlob(repo, MediaTypes.OCI_CONFIG, cosignConfig(diffIds));
        return raw.pushManifest(repo, tag, MediaTypes.OCI_MANIFEST, Manifests.ociManifest(config, layers));
    }

    public Descriptor signLegacy(String repo, String subjectDigest, SigningKey key) {
        return signLegacy(repo, subjectDigest, subjectDigest, key);
    }

    /**
     * Pushes a sigstore bundle referrer for {@code subject} signed by {@code key} and adds it to the fallback tag index
     * {@code sha256-<hex>} (kept entries stay). Returns the referrer manifest descriptor (with artifact type).
     */
    public Descriptor attachBundle(String repo, Descriptor subject, SigningKey key, BundleContent content) {
        byte[] bundle = content == BundleContent.DSSE_ENVELOPE ? dsseBundle(host + "/" + repo, subject.digest(), key)
                : messageSignatureBundle(subject.digest(), key);
        Descriptor bundleBlob = raw.pushBlob(repo, MediaTypes.SIGSTORE_BUNDLE, bundle);
        Descriptor empty = raw.pushBlob(repo, MediaTypes.OCI_EMPTY, EMPTY_JSON);
        Map<String, String> ann = new LinkedHashMap<>();
        ann.put("dev.sigstore.bundle.content", content == BundleContent.DSSE_ENVELOPE ? "dsse-envelope" : "message-signature");
        ann.put("dev.sigstore.bundle.predicateType", PREDICATE_TYPE);
        Descriptor subjectRef = new Descriptor(subject.mediaType(), subject.digest(), subject.size());
        byte[] manifest = Manifests.ociManifest(empty, List.of(bundleBlob), MediaTypes.SIGSTORE_BUNDLE, subjectRef, ann);
        Descriptor referrer = raw.pushManifest(repo, Digests.sha256(manifest), MediaTypes.OCI_MANIFEST, manifest)
                .withArtifactType(MediaTypes.SIGSTORE_BUNDLE).withAnnotations(ann);
        String tag = referrersTag(subject.digest());
        List<Descriptor> entries = new ArrayList<>();
        if (raw.manifestExists(repo, tag)) {
            for (JsonNode m : raw.getManifest(repo, tag).json().path("manifests")) {
                entries.add(descriptorOf(m));
            }
        }
        entries.add(referrer);
        raw.pushManifest(repo, tag, MediaTypes.OCI_INDEX, Manifests.ociIndex(entries));
        return referrer;
    }

    /** {@code sha256-<hex>.sig}. */
    public static String legacyTag(String digest) {
        return "sha256-" + Digests.hex(digest) + ".sig";
    }

    /** {@code sha256-<hex>}, the OCI referrers fallback tag. */
    public static String referrersTag(String digest) {
        return "sha256-" + Digests.hex(digest);
    }

    /** The cosign simplesigning payload naming {@code digest}. */
    public static byte[] simpleSigningPayload(String dockerReference, String digest) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode critical = root.putObject("critical");
        critical.putObject("identity").put("docker-reference", dockerReference);
        critical.putObject("image").put("docker-manifest-digest", digest);
        critical.put("type", COSIGN_TYPE);
        root.putNull("optional");
        return bytes(root);
    }

    /** DSSE pre-authentication encoding: {@code "DSSEv1" SP len(type) SP type SP len(payload) SP payload}. */
    public static byte[] pae(String payloadType, byte[] payload) {
        byte[] head = ("DSSEv1 " + payloadType.getBytes(StandardCharsets.UTF_8).length + " " + payloadType + " " + payload.length + " ")
                .getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[head.length + payload.length];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(payload, 0, out, head.length, payload.length);
        return out;
    }

    private static byte[] dsseBundle(String name, String subjectDigest, SigningKey key) {
        ObjectNode statement = JSON.createObjectNode();
        statement.put("_type", "https://in-toto.io/Statement/v1");
        ObjectNode subject = statement.putArray("subject").addObject();
        subject.put("name", name);
        subject.putObject("digest").put("sha256", Digests.hex(subjectDigest));
        statement.put("predicateType", PREDICATE_TYPE);
        statement.putObject("predicate");
        byte[] payload = bytes(statement);
        ObjectNode bundle = bundleRoot(key);
        ObjectNode env = bundle.putObject("dsseEnvelope");
        env.put("payload", Base64.getEncoder().encodeToString(payload));
        env.put("payloadType", IN_TOTO);
        ArrayNode sigs = env.putArray("signatures");
        sigs.addObject().put("sig", Base64.getEncoder().encodeToString(key.sign(pae(IN_TOTO, payload))));
        return bytes(bundle);
    }

    private static byte[] messageSignatureBundle(String subjectDigest, SigningKey key) {
        byte[] digest = HexFormat.of().parseHex(Digests.hex(subjectDigest));
        ObjectNode bundle = bundleRoot(key);
        ObjectNode ms = bundle.putObject("messageSignature");
        ObjectNode md = ms.putObject("messageDigest");
        md.put("algorithm", "SHA2_256");
        md.put("digest", Base64.getEncoder().encodeToString(digest));
        ms.put("signature", Base64.getEncoder().encodeToString(key.signDigest(digest)));
        return bytes(bundle);
    }

    private static ObjectNode bundleRoot(SigningKey key) {
        ObjectNode bundle = JSON.createObjectNode();
        bundle.put("mediaType", MediaTypes.SIGSTORE_BUNDLE);
        byte[] keyDigest = Digests.newDigest().digest(key.publicKey().getEncoded());
        bundle.putObject("verificationMaterial").putObject("publicKey").put("hint", Base64.getEncoder().encodeToString(keyDigest));
        return bundle;
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
        return bytes(c);
    }

    private static Descriptor descriptorOf(JsonNode d) {
        Map<String, String> ann = new LinkedHashMap<>();
        d.path("annotations").fields().forEachRemaining(e -> ann.put(e.getKey(), e.getValue().asText()));
        return new Descriptor(d.path("mediaType").asText(), d.path("digest").asText(), d.path("size").asLong(), null, ann,
                d.hasNonNull("artifactType") ? d.get("artifactType").asText() : null);
    }

    private static byte[] bytes(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
