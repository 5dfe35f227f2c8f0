package com.astromkey.sandbox.images;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The hostile layers of helm-and-image.md §6.2, each placing its offending entry inside the extracted subtree so that the
 * extractor has to look at it. Named after the variant ({@code abs-path}, {@code dotdot}, ...).
 */
public final class MaliciousLayers {

    private static final String A = TestImages.AGENT_ROOT + "agent/";

    private MaliciousLayers() {}

    /** {@code /opt/astromkey/oneagent/agent/abs.txt}. */
    public static LayerBuilder absPath() {
        return base().file("/" + A + "abs.txt", "absolute\n");
    }

    /** {@code opt/astromkey/oneagent/agent/../../../../../tmp/dotdot.txt}. */
    public static LayerBuilder dotdot() {
        return base().file(A + "../../../../../tmp/dotdot.txt", "escaped\n");
    }

    /** A symlink inside the subtree pointing far above it. */
    public static LayerBuilder symlinkEscape() {
        return base().symlink(A + "escape", "../../../../../../etc/passwd");
    }

    /** A symlink with an absolute target outside the subtree. */
    public static LayerBuilder absoluteSymlinkEscape() {
        return base().symlink(A + "escape", "/etc/passwd");
    }

    /** A hard link inside the subtree to a file outside the work directory. */
    public static LayerBuilder hardlinkEscape() {
        return base().hardlink(A + "passwd", "etc/passwd");
    }

    /** A harmless in-tree symlink followed by a file written through it. */
    public static LayerBuilder parentSymlink() {
        return base().dir(A + "lib64/").symlink(A + "via", "lib64").file(A + "via/through-link.txt", "through a link\n");
    }

    /** A character device ({@code /dev/null}: 1, 3). */
    public static LayerBuilder deviceNode() {
        return base().charDevice(A + "null", 1, 3);
    }

    public static LayerBuilder fifo() {
        return base().fifo(A + "pipe");
    }

    /** {@code count} empty files (the limit is 500 000 entries). */
    public static LayerBuilder manyEntries(int count) {
        LayerBuilder b = base();
        for (int i = 0; i < count; i++) {
            b.file(A + "many/" + i, new byte[0], 0644);
        }
        return b;
    }

    /**
     * One file of {@code uncompressedBytes} zeros, gzip-compressed about 1000:1 and streamed into {@code file}
     * (e.g. 4 GiB + 1 for the 4 GiB limit, a few MiB on disk).
     */
    public static LayerBuilder.LayerFile gzipBomb(Path file, long uncompressedBytes) {
        return base().gzipLevel(java.util.zip.Deflater.BEST_SPEED).zeros(A + "bomb.bin", uncompressedBytes).writeTo(file);
    }

    /** A well-formed tar in a zstd frame (media type {@code +zstd}, magic {@code 28 b5 2f fd}). */
    public static LayerBuilder.Layer zstd() {
        return TestImages.codeModules("0.0.0", ImagePlatform.LINUX_AMD64).build(LayerBuilder.Compression.ZSTD);
    }

    /** A temp file for big generated layers, deleted at JVM exit. */
    public static Path tempLayerFile() {
        try {
            Path p = Files.createTempFile("sandbox-layer-", ".tar.gz");
            p.toFile().deleteOnExit();
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static LayerBuilder base() {
        return LayerBuilder.create().dir("opt/").dir("opt/astromkey/").dir(TestImages.AGENT_ROOT).dir(A).file(A + "ok.txt", "ok\n");
    }
}
