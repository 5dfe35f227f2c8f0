package com.astromkey.sandbox.images;

import static org.assertj.core.api.Assertions.assertThat;

import com.astromkey.sandbox.Cli;
import com.astromkey.sandbox.registry.LocalRegistry;
import com.astromkey.sandbox.registry.RequiresDockerRegistry;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.security.Signature;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@RequiresDockerRegistry
class SignaturesIT {

    static final SigningKey KEY_A = SigningKey.generate("A");
    static final SigningKey KEY_B = SigningKey.generate("B");
    static final String REPO = "astromkey-codemodules";
    static LocalRegistry registry;
    static ImageFactory factory;
    static PushedIndex index;
    static Descriptor subject;

    @BeforeAll
    static void start() {
        registry = LocalRegistry.builder().start();
        factory = new ImageFactory(registry);
        Map<ImagePlatform, List<? extends LayerBuilder.LayerBlob>> platforms = new LinkedHashMap<>();
        platforms.put(ImagePlatform.LINUX_AMD64, List.of(TestImages.codeModules("2.0.0", ImagePlatform.LINUX_AMD64).build()));
        platforms.put(ImagePlatform.LINUX_ARM64, List.of(TestImages.codeModules("2.0.0", ImagePlatform.LINUX_ARM64).build()));
        index = factory.pushIndex(REPO, "2.0.0", ImageFormat.OCI, platforms, Map.of(), false);
        subject = new Descriptor(index.mediaType(), index.digest(), index.bytes().length);
    }

    @AfterAll
    static void close() {
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void legacySignaturesByTwoKeysShareOneSigTag() throws Exception {
        Signatures sigs = factory.signatures();
        sigs.signLegacy(REPO, index.digest(), KEY_A);
        sigs.signLegacy(REPO, index.digest(), KEY_B);

        String tag = Signatures.legacyTag(index.digest());
        Cli.Result raw = Cli.skopeoInspectRaw(registry.reference(REPO, tag), null, null).ok();
        JsonNode layers = new ObjectMapper().readTree(raw.stdout()).path("layers");
        assertThat(layers).hasSize(2);
        SigningKey[] keys = {KEY_A, KEY_B};
        for (int i = 0; i < 2; i++) {
            JsonNode l = layers.get(i);
            assertThat(l.path("mediaType").asText()).isEqualTo(MediaTypes.COSIGN_SIMPLESIGNING);
            byte[] payload = factory.raw().getBlob(REPO, l.path("digest").asText());
            JsonNode critical = new ObjectMapper().readTree(payload).path("critical");
            assertThat(critical.path("image").path("docker-manifest-digest").asText()).isEqualTo(index.digest());
            assertThat(critical.path("type").asText()).isEqualTo(Signatures.COSIGN_TYPE);
            assertThat(verify(keys[i], payload, l.path("annotations").path(Signatures.SIGNATURE_ANNOTATION).asText())).isTrue();
            assertThat(verify(keys[1 - i], payload, l.path("annotations").path(Signatures.SIGNATURE_ANNOTATION).asText())).isFalse();
        }
    }

    @Test
    void payloadCanNameAnotherDigest() throws Exception {
        PushedImage arm = index.image(ImagePlatform.LINUX_ARM64);
        factory.signatures().signLegacy(REPO, arm.digest(), index.digest(), KEY_A);

        JsonNode layer = factory.raw().getManifest(REPO, Signatures.legacyTag(arm.digest())).json().path("layers").get(0);
        byte[] payload = factory.raw().getBlob(REPO, layer.path("digest").asText());
        assertThat(new ObjectMapper().readTree(payload).at("/critical/image/docker-manifest-digest").asText()).isEqualTo(index.digest());
    }

    @Test
    void bundleReferrersAreListedInTheFallbackTagBecauseTheRegistryHasNoReferrersApi() throws Exception {
        Signatures sigs = factory.signatures();
        Descriptor dsse = sigs.attachBundle(REPO, subject, KEY_A, Signatures.BundleContent.DSSE_ENVELOPE);
        Descriptor message = sigs.attachBundle(REPO, subject, KEY_A, Signatures.BundleContent.MESSAGE_SIGNATURE);

        assertThat(factory.raw().send(REPO, "GET", "/v2/" + REPO + "/referrers/" + index.digest(), Map.of(), null).statusCode())
                .isEqualTo(404);
        RawUploader.Manifest fallback = factory.raw().getManifest(REPO, Signatures.referrersTag(index.digest()));
        assertThat(fallback.mediaType()).isEqualTo(MediaTypes.OCI_INDEX);
        assertThat(fallback.json().path("manifests").findValuesAsText("digest")).containsExactly(dsse.digest(), message.digest());
        assertThat(fallback.json().path("manifests").findValuesAsText("artifactType")).containsOnly(MediaTypes.SIGSTORE_BUNDLE);

        JsonNode referrer = factory.raw().getManifest(REPO, dsse.digest()).json();
        assertThat(referrer.path("artifactType").asText()).isEqualTo(MediaTypes.SIGSTORE_BUNDLE);
        assertThat(referrer.at("/subject/digest").asText()).isEqualTo(index.digest());
        assertThat(referrer.at("/config/mediaType").asText()).isEqualTo(MediaTypes.OCI_EMPTY);
        JsonNode bundle = new ObjectMapper().readTree(factory.raw().getBlob(REPO, referrer.at("/layers/0/digest").asText()));
        byte[] payload = Base64.getDecoder().decode(bundle.at("/dsseEnvelope/payload").asText());
        assertThat(bundle.at("/dsseEnvelope/payloadType").asText()).isEqualTo(Signatures.IN_TOTO);
        assertThat(verify(KEY_A, Signatures.pae(Signatures.IN_TOTO, payload), bundle.at("/dsseEnvelope/signatures/0/sig").asText()))
                .isTrue();
        JsonNode statement = new ObjectMapper().readTree(payload);
        assertThat(statement.path("predicateType").asText()).isEqualTo(Signatures.PREDICATE_TYPE);
        assertThat(statement.at("/subject/0/digest/sha256").asText()).isEqualTo(Digests.hex(index.digest()));

        JsonNode ms = new ObjectMapper().readTree(factory.raw().getBlob(REPO,
                factory.raw().getManifest(REPO, message.digest()).json().at("/layers/0/digest").asText())).path("messageSignature");
        // signing the pre-computed digest equals SHA256withECDSA over the index bytes themselves
        assertThat(verify(KEY_A, index.bytes(), ms.path("signature").asText())).isTrue();
        assertThat(Base64.getDecoder().decode(ms.at("/messageDigest/digest").asText()))
                .isEqualTo(java.util.HexFormat.of().parseHex(Digests.hex(index.digest())));
    }

    private static boolean verify(SigningKey key, byte[] data, String base64Der) throws Exception {
        Signature s = Signature.getInstance("SHA256withECDSA");
        s.initVerify(key.publicKey());
        s.update(data);
        return s.verify(Base64.getDecoder().decode(base64Der));
    }
}
