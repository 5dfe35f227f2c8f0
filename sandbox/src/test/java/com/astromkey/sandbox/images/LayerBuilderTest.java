package com.astromkey.sandbox.images;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayerBuilderTest {

    @Test
    void inMemoryAndStreamedBuildsAreIdenticalAndReproducible(@TempDir Path tmp) throws Exception {
        LayerBuilder.Layer a = TestImages.codeModules("1.0.0", ImagePlatform.LINUX_ARM64).build();
        LayerBuilder.Layer b = TestImages.codeModules("1.0.0", ImagePlatform.LINUX_ARM64).build();
        LayerBuilder.LayerFile f = TestImages.codeModules("1.0.0", ImagePlatform.LINUX_ARM64).writeTo(tmp.resolve("l.tar.gz"));

        assertThat(a.digest()).isEqualTo(b.digest()).isEqualTo(f.digest()).isEqualTo(Digests.sha256(a.bytes()));
        assertThat(f.size()).isEqualTo(a.size()).isEqualTo(Files.size(f.file()));
        assertThat(f.diffId()).isEqualTo(a.diffId()).isNotEqualTo(a.digest());
        assertThat(a.mediaType()).isEqualTo(MediaTypes.OCI_LAYER_TAR_GZIP);
    }

    @Test
    void uncompressedLayerDigestIsItsDiffId() {
        LayerBuilder.Layer tar = LayerBuilder.create().file("a", "b").build(LayerBuilder.Compression.NONE);
        assertThat(tar.digest()).isEqualTo(tar.diffId());
        assertThat(tar.mediaType()).isEqualTo(MediaTypes.OCI_LAYER_TAR);
    }

    @Test
    void whiteoutsAreNamedAsTheOciSpecSays() {
        assertThat(Tars.entries(LayerBuilder.create().whiteout("a/b/c").opaqueWhiteout("a/d/").whiteout("top").build().bytes()))
                .containsOnlyKeys("a/b/.wh.c", "a/d/.wh..wh..opq", ".wh.top");
    }

    @Test
    void zstdLayerStartsWithTheFrameMagic() {
        LayerBuilder.Layer z = MaliciousLayers.zstd();
        assertThat(z.bytes()).startsWith(0x28, 0xb5, 0x2f, 0xfd);
        assertThat(z.mediaType()).isEqualTo(MediaTypes.OCI_LAYER_TAR_ZSTD);
    }

    @Test
    void gzipBombIsSmallOnDisk(@TempDir Path tmp) {
        LayerBuilder.LayerFile bomb = MaliciousLayers.gzipBomb(tmp.resolve("bomb.tar.gz"), 64L << 20);
        assertThat(bomb.size()).isLessThan(1L << 20);
    }
}
