package com.astromkey.sandbox.images;

import com.astromkey.sandbox.images.LayerBuilder.LayerBlob;
import com.astromkey.sandbox.registry.LocalRegistry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.Deflater;

/**
 * Pushes byte-exact test images through the {@link RawUploader}: single images, OCI indexes (optionally with a BuildKit-style
 * attestation entry), Docker manifest lists, and images whose stored layer does not match its digest.
 */
public final class ImageFactory {

    private final LocalRegistry registry;
    private final RawUploader raw;
    private final String host;

    /** A factory pushing with the registry's first user. */
    public ImageFactory(LocalRegistry registry) {
        this(registry, RawUploader.forRegistry(registry), registry.host());
    }

    /**
     * @param registry may be null when pushing through something else (a proxy, the tenant simulator); then
     *                 {@link #pushBadDigestImage} is unavailable
     * @param host     the {@code host:port} used in the returned references
     */
    public ImageFactory(LocalRegistry registry, RawUploader raw, String host) {
        this.registry = registry;
        this.raw = raw;
        this.host = host;
    }

    public RawUploader raw() {
        return raw;
    }

    /** Legacy {@code .sig} and sigstore-bundle signatures for images of this registry. */
    public Signatures signatures() {
        return new Signatures(raw, host);
    }

    /**
     * Pushes config, layers and manifest; {@code tag} null pushes by digest only. Docker format relabels gzip layers with the
     * Docker layer media type.
     */
    public PushedImage pushImage(String repo, String tag, ImageFormat format, ImagePlatform platform, Map<String, String> labels,
                                 List<? extends LayerBlob> layers) {
        List<Descriptor> layerDescriptors = new ArrayList<>();
        List<String> diffIds = new ArrayList<>();
        for (LayerBlob l : layers) {
            Descriptor d = raw.pushLayer(repo, l);
            if (format == ImageFormat.DOCKER && d.mediaType().equals(MediaTypes.OCI_LAYER_TAR_GZIP)) {
                d = d.withMediaType(MediaTypes.DOCKER_LAYER);
            }
            layerDescriptors.add(d);
            diffIds.add(l.diffId());
        }
        Descriptor config = raw.pushBlob(repo, format.configType(), Manifests.config(platform, labels, diffIds));
        byte[] manifest = format == ImageFormat.OCI ? Manifests.ociManifest(config, layerDescriptors)
                : Manifests.dockerManifest(config, layerDescriptors);
        String digest = Digests.sha256(manifest);
        raw.pushManifest(repo, tag == null ? digest : tag, format.manifestType(), manifest);
        String reference = host + "/" + repo + (tag == null ? "@" + digest : ":" + tag);
        return new PushedImage(reference, repo, digest, format.manifestType(), manifest, platform, config, layerDescriptors);
    }

    /**
     * Pushes one untagged image per platform (in map order), then the index under {@code tag}. With {@code attestation}, an OCI
     * index gets an extra {@code unknown/unknown} entry annotated {@code vnd.docker.reference.type: attestation-manifest}
     * pointing at an in-toto-like artifact manifest for the first image.
     */
    public PushedIndex pushIndex(String repo, String tag, ImageFormat format, Map<ImagePlatform, List<? extends LayerBlob>> platforms,
                                 Map<String, String> labels, boolean attestation) {
        if (attestation && format != ImageFormat.OCI) {
            throw new IllegalArgumentException("attestation entries exist only in OCI indexes");
        }
        List<PushedImage> images = new ArrayList<>();
        List<Descriptor> entries = new ArrayList<>();
        for (Map.Entry<ImagePlatform, List<? extends LayerBlob>> e : platforms.entrySet()) {
            PushedImage img = pushImage(repo, null, format, e.getKey(), labels, e.getValue());
            images.add(img);
            entries.add(img.descriptor().withPlatform(e.getKey()));
        }
        Descriptor att = null;
        if (attestation) {
            att = pushAttestation(repo, images.get(0).digest());
            entries.add(Manifests.attestationEntry(att, images.get(0).digest()));
        }
        byte[] index = format == ImageFormat.OCI ? Manifests.ociIndex(entries) : Manifests.dockerList(entries);
        Descriptor pushed = raw.pushManifest(repo, tag, format.indexType(), index);
        return new PushedIndex(host + "/" + repo + ":" + tag, repo, pushed.digest(), format.indexType(), index, images, att);
    }

    /**
     * An image whose only layer is stored with other bytes of the same length than its digest says: the registry serves them
     * under the original digest, so a client sees a {@code DigestMismatch} only after reading the whole (well-formed) layer.
     * The registry verifies digests on upload, so the stored file is replaced behind its back.
     */
    public PushedImage pushBadDigestImage(String repo, String tag, ImagePlatform platform) {
        if (registry == null) {
            throw new IllegalStateException("a bad-digest image needs direct access to the LocalRegistry storage");
        }
        String path = TestImages.AGENT_ROOT + "agent/arch";
        // stored deflate blocks make both archives exactly the same length
        LayerBuilder.Layer genuine = LayerBuilder.create().gzipLevel(Deflater.NO_COMPRESSION)
                .file(path, platform.unameMachine().getBytes(StandardCharsets.UTF_8), 0644).build();
        byte[] other = new byte[platform.unameMachine().length()];
        java.util.Arrays.fill(other, (byte) 'X');
        LayerBuilder.Layer tampered = LayerBuilder.create().gzipLevel(Deflater.NO_COMPRESSION).file(path, other, 0644).build();
        if (tampered.bytes().length != genuine.bytes().length) {
            throw new IllegalStateException("tampered layer must keep the genuine length");
        }
        PushedImage img = pushImage(repo, tag, ImageFormat.OCI, platform, Map.of(), List.of(genuine));
        registry.replaceBlobContent(genuine.digest(), tampered.bytes());
        return img;
    }

    /** A small OCI artifact manifest standing in for BuildKit's provenance attestation. */
    private Descriptor pushAttestation(String repo, String subjectDigest) {
        Descriptor config = raw.pushBlob(repo, MediaTypes.OCI_CONFIG, "{}".getBytes(StandardCharsets.UTF_8));
        byte[] statement = ("{\"_type\":\"https://in-toto.io/Statement/v0.1\",\"subject\":[{\"digest\":{\"sha256\":\""
                + Digests.hex(subjectDigest) + "\"}}],\"predicateType\":\"https://slsa.dev/provenance/v0.2\"}")
                .getBytes(StandardCharsets.UTF_8);
        Map<String, String> ann = new LinkedHashMap<>();
        ann.put("in-toto.io/predicate-type", "https://slsa.dev/provenance/v0.2");
        Descriptor layer = raw.pushBlob(repo, "application/vnd.in-toto+json", statement).withAnnotations(ann);
        byte[] manifest = Manifests.ociManifest(config, List.of(layer));
        return raw.pushManifest(repo, Digests.sha256(manifest), MediaTypes.OCI_MANIFEST, manifest);
    }
}
