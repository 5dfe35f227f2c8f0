package com.astromkey.sandbox.images;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ManifestsTest {

    @Test
    void manifestsAreDeterministicAndKeepAttestationAnnotations() {
        Descriptor config = Descriptor.of(MediaTypes.OCI_CONFIG, "{}".getBytes());
        Descriptor image = new Descriptor(MediaTypes.OCI_MANIFEST, "sha256:" + "a".repeat(64), 10)
                .withPlatform(ImagePlatform.LINUX_ARM64_V8);
        Descriptor att = Manifests.attestationEntry(new Descriptor(MediaTypes.OCI_MANIFEST, "sha256:" + "b".repeat(64), 5),
                image.digest());

        byte[] index = Manifests.ociIndex(List.of(image, att), Map.of("z", "1", "a", "2"));

        assertThat(index).isEqualTo(Manifests.ociIndex(List.of(image, att), Map.of("a", "2", "z", "1")));
        assertThat(new String(index)).isEqualTo("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_INDEX + "\",\"manifests\":["
                + "{\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"digest\":\"" + image.digest() + "\",\"size\":10,"
                + "\"platform\":{\"architecture\":\"arm64\",\"os\":\"linux\",\"variant\":\"v8\"}},"
                + "{\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"digest\":\"sha256:" + "b".repeat(64) + "\",\"size\":5,"
                + "\"annotations\":{\"vnd.docker.reference.digest\":\"" + image.digest() + "\","
                + "\"vnd.docker.reference.type\":\"attestation-manifest\"},"
                + "\"platform\":{\"architecture\":\"unknown\",\"os\":\"unknown\"}}],"
                + "\"annotations\":{\"a\":\"2\",\"z\":\"1\"}}");
        assertThat(Manifests.ociManifest(config, List.of())).isEqualTo(Manifests.ociManifest(config, List.of()));
    }
}
