package com.astromkey.sandbox.images;

import static org.assertj.core.api.Assertions.assertThat;

import com.astromkey.sandbox.Cli;
import com.astromkey.sandbox.registry.LocalRegistry;
import com.astromkey.sandbox.registry.RegistryUser;
import com.astromkey.sandbox.registry.RequiresDockerRegistry;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@RequiresDockerRegistry
class ImageFactoryIT {

    static final RegistryUser USER = RegistryUser.pushPull("builder", "builder-pass");
    static LocalRegistry registry;
    static ImageFactory factory;
    static String creds = USER.colonForm();

    @BeforeAll
    static void start() {
        registry = LocalRegistry.builder().basicAuth(USER).tls().start();
        factory = new ImageFactory(registry);
    }

    @AfterAll
    static void close() {
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void jibPushesAMultiPlatformDockerManifestListInPlatformOrder() {
        JibImages.JibPush push = JibImages.push(registry, "jib/multi", "1.0",
                List.of(ImagePlatform.LINUX_AMD64, ImagePlatform.LINUX_ARM64), ImageFormat.DOCKER,
                Map.of("payload", List.of(JibImages.ImageFile.of("/opt/astromkey/payload.txt", "hello"))),
                TestImages.labels("1.0"));

        JsonNode list = RawUploader.Manifest.class.cast(factory.raw().getManifest("jib/multi", "1.0")).json();
        assertThat(list.path("mediaType").asText()).isEqualTo(MediaTypes.DOCKER_LIST);
        assertThat(list.path("manifests").findValuesAsText("architecture")).containsExactly("amd64", "arm64");
        assertThat(factory.raw().getManifest("jib/multi", "1.0").digest()).isEqualTo(push.digest());
        Cli.Result config = Cli.run("skopeo", "inspect", "--config", "--raw", "--override-arch", "arm64", "--cert-dir",
                registry.certDir().toString(), "--creds", creds, "docker://" + push.reference()).ok();
        assertThat(config.stdout()).contains("\"architecture\":\"arm64\"").contains("com.astromkey.build-version");
    }

    @Test
    void jibPushesASinglePlatformOciImage() {
        JibImages.JibPush push = JibImages.push(registry, "jib/single", "oci", List.of(ImagePlatform.LINUX_AMD64), ImageFormat.OCI,
                Map.of("payload", List.of(JibImages.ImageFile.of("/payload.txt", "x"))), Map.of());
        Cli.Result raw = Cli.skopeoInspectRaw(push.reference(), registry.certDir(), creds).ok();
        assertThat(raw.stdout()).contains(MediaTypes.OCI_MANIFEST);
        assertThat(Digests.sha256(raw.stdout().getBytes(StandardCharsets.UTF_8))).isEqualTo(push.digest());
    }

    @Test
    void ociIndexWithAttestationCarriesPerArchitectureContent() {
        Map<ImagePlatform, List<? extends LayerBuilder.LayerBlob>> platforms = new LinkedHashMap<>();
        platforms.put(ImagePlatform.LINUX_AMD64, List.of(TestImages.codeModules("1.2.3", ImagePlatform.LINUX_AMD64).build()));
        platforms.put(ImagePlatform.LINUX_ARM64, List.of(TestImages.codeModules("1.2.3", ImagePlatform.LINUX_ARM64).build()));

        PushedIndex index = factory.pushIndex("astromkey-codemodules", "1.2.3", ImageFormat.OCI, platforms,
                TestImages.labels("1.2.3"), true);

        Cli.Result raw = Cli.skopeoInspectRaw(index.reference(), registry.certDir(), creds).ok();
        assertThat(raw.stdout().getBytes(StandardCharsets.UTF_8)).isEqualTo(index.bytes());
        JsonNode json = factory.raw().getManifest("astromkey-codemodules", index.digest()).json();
        assertThat(json.path("manifests")).hasSize(3);
        assertThat(json.path("manifests").get(2).path("platform").path("architecture").asText()).isEqualTo("unknown");
        assertThat(json.path("manifests").get(2).path("annotations").path("vnd.docker.reference.type").asText())
                .isEqualTo("attestation-manifest");
        PushedImage arm = index.image(ImagePlatform.LINUX_ARM64);
        byte[] layer = factory.raw().getBlob("astromkey-codemodules", arm.layers().get(0).digest());
        assertThat(Tars.fileContent(layer, "opt/astromkey/oneagent/agent/arch")).isEqualTo("aarch64");
        assertThat(Tars.entries(layer).get("opt/astromkey/oneagent/agent/lib64/liboneagentloader.so").getLinkName())
                .isEqualTo("liboneagentproc.so");
        Cli.Result inspect = Cli.run("skopeo", "inspect", "--override-arch", "arm64", "--cert-dir", registry.certDir().toString(),
                "--creds", creds, "docker://" + index.reference()).ok();
        assertThat(inspect.stdout()).contains("\"Architecture\": \"arm64\"").contains(arm.layers().get(0).digest());
    }

    @Test
    void dockerManifestListIsPushedByteExact() {
        Map<ImagePlatform, List<? extends LayerBuilder.LayerBlob>> platforms = new LinkedHashMap<>();
        platforms.put(ImagePlatform.LINUX_AMD64, List.of(TestImages.oneAgent("1.301.0", ImagePlatform.LINUX_AMD64).build()));
        platforms.put(ImagePlatform.LINUX_ARM64, List.of(TestImages.oneAgent("1.301.0", ImagePlatform.LINUX_ARM64).build()));

        PushedIndex list = factory.pushIndex("astromkey-oneagent", "1.301.0", ImageFormat.DOCKER, platforms, Map.of(), false);

        RawUploader.Manifest got = factory.raw().getManifest("astromkey-oneagent", "1.301.0");
        assertThat(got.mediaType()).isEqualTo(MediaTypes.DOCKER_LIST);
        assertThat(got.bytes()).isEqualTo(list.bytes());
        assertThat(list.images()).allSatisfy(i -> {
            assertThat(i.mediaType()).isEqualTo(MediaTypes.DOCKER_MANIFEST);
            assertThat(i.layers().get(0).mediaType()).isEqualTo(MediaTypes.DOCKER_LAYER);
        });
    }

    @Test
    void maliciousLayersKeepTheirHostileEntries() {
        String a = TestImages.AGENT_ROOT + "agent/";
        assertThat(entries(MaliciousLayers.absPath())).containsKey("/" + a + "abs.txt");
        assertThat(entries(MaliciousLayers.dotdot())).containsKey(a + "../../../../../tmp/dotdot.txt");
        assertThat(entries(MaliciousLayers.symlinkEscape()).get(a + "escape"))
                .satisfies(e -> assertThat(e.isSymbolicLink() && e.getLinkName().equals("../../../../../../etc/passwd")).isTrue());
        assertThat(entries(MaliciousLayers.hardlinkEscape()).get(a + "passwd"))
                .satisfies(e -> assertThat(e.isLink() && e.getLinkName().equals("etc/passwd")).isTrue());
        assertThat(entries(MaliciousLayers.parentSymlink())).containsKeys(a + "via", a + "via/through-link.txt");
        assertThat(entries(MaliciousLayers.deviceNode()).get(a + "null"))
                .satisfies(e -> assertThat(e.isCharacterDevice() && e.getDevMajor() == 1 && e.getDevMinor() == 3).isTrue());
        assertThat(entries(TestImages.whiteoutUpdate())).containsKeys(a + "tech/.wh.php", a + "conf/.wh..wh..opq");
    }

    @Test
    void badDigestImageServesWellFormedBytesThatDoNotMatch() {
        PushedImage img = factory.pushBadDigestImage("astromkey-codemodules", "bad-digest", ImagePlatform.LINUX_AMD64);
        Descriptor layer = img.layers().get(0);

        byte[] served = factory.raw().getBlob(img.repository(), layer.digest());

        assertThat(served).hasSize((int) layer.size());
        assertThat(Digests.sha256(served)).isNotEqualTo(layer.digest());
        assertThat(Tars.fileContent(served, "opt/astromkey/oneagent/agent/arch")).isEqualTo("XXXXXX");
    }

    @Test
    void zstdLayerIsARealZstdFrame(@TempDir Path tmp) throws Exception {
        LayerBuilder.Layer zstd = MaliciousLayers.zstd();
        Descriptor d = factory.raw().pushLayer("astromkey-codemodules", zstd);
        assertThat(d.mediaType()).isEqualTo(MediaTypes.OCI_LAYER_TAR_ZSTD);
        Path f = Files.write(tmp.resolve("layer.tar.zst"), factory.raw().getBlob("astromkey-codemodules", d.digest()));
        assertThat(Files.readAllBytes(f)).startsWith(0x28, 0xb5, 0x2f, 0xfd);
        Cli.Result listing = Cli.run("sh", "-c", "zstd -dc '" + f + "' | tar -t").ok();
        assertThat(listing.stdout()).contains("opt/astromkey/oneagent/agent/arch");
    }

    @Test
    void oneGibLayerIsStreamedToTheRegistry(@TempDir Path tmp) throws Exception {
        long gib = 1L << 30;
        LayerBuilder.LayerFile big = LargeLayers.zeros(tmp.resolve("big.tar.gz"), gib);
        assertThat(big.size()).isLessThan(16L << 20);

        Descriptor d = factory.raw().pushLayer("astromkey-codemodules", big);

        var head = factory.raw().send("astromkey-codemodules", "HEAD", "/v2/astromkey-codemodules/blobs/" + d.digest(), Map.of(), null);
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.headers().firstValueAsLong("Content-Length")).hasValue(big.size());
        try (var in = new java.util.zip.GZIPInputStream(Files.newInputStream(big.file()))) {
            assertThat(Tars.drain(in)).isGreaterThan(gib);
        }
    }

    private static Map<String, TarArchiveEntry> entries(LayerBuilder b) {
        return Tars.entries(b.build().bytes());
    }
}
