package com.astromkey.sandbox.images;

import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Builds layer tarballs entry by entry, including entries a safe extractor must refuse (absolute paths, {@code ..}, escaping
 * links, device nodes) and OCI whiteouts. Names are written exactly as given; large content is streamed, never buffered.
 */
public final class LayerBuilder {

    /** Output encoding of a layer. */
    public enum Compression { GZIP, NONE, ZSTD }

    private interface EntryWriter {
        void write(TarArchiveOutputStream tar) throws IOException;
    }

    private final List<EntryWriter> entries = new ArrayList<>();
    private int gzipLevel = Deflater.DEFAULT_COMPRESSION;

    public static LayerBuilder create() {
        return new LayerBuilder();
    }

    /** Deflate level (0 = stored: the gzip size then depends only on the tar size, see {@link ImageFactory#pushBadDigestImage}). */
    public LayerBuilder gzipLevel(int level) {
        this.gzipLevel = level;
        return this;
    }

    public LayerBuilder dir(String name) {
        return add(name, TarConstants.LF_DIR, 0755, 0, null, null);
    }

    public LayerBuilder file(String name, String content) {
        return file(name, content.getBytes(StandardCharsets.UTF_8), 0644);
    }

    public LayerBuilder file(String name, byte[] content, int mode) {
        return add(name, TarConstants.LF_NORMAL, mode, content.length, content, null);
    }

    /** A regular file of {@code size} zero bytes, streamed (decompression bombs, large layers). */
    public LayerBuilder zeros(String name, long size) {
        entries.add(tar -> {
            TarArchiveEntry e = entry(name, TarConstants.LF_NORMAL, 0644);
            e.setSize(size);
            tar.putArchiveEntry(e);
            byte[] chunk = new byte[1 << 16];
            for (long left = size; left > 0; left -= chunk.length) {
                tar.write(chunk, 0, (int) Math.min(chunk.length, left));
            }
            tar.closeArchiveEntry();
        });
        return this;
    }

    public LayerBuilder symlink(String name, String target) {
        return add(name, TarConstants.LF_SYMLINK, 0777, 0, null, target);
    }

    public LayerBuilder hardlink(String name, String target) {
        return add(name, TarConstants.LF_LINK, 0644, 0, null, target);
    }

    public LayerBuilder charDevice(String name, int major, int minor) {
        return device(name, TarConstants.LF_CHR, major, minor);
    }

    public LayerBuilder blockDevice(String name, int major, int minor) {
        return device(name, TarConstants.LF_BLK, major, minor);
    }

    public LayerBuilder fifo(String name) {
        return add(name, TarConstants.LF_FIFO, 0644, 0, null, null);
    }

    /** {@code <dir>/.wh.<name>} for {@code path = <dir>/<name>}: deletes what earlier layers put at {@code path}. */
    public LayerBuilder whiteout(String path) {
        int slash = path.lastIndexOf('/');
        String marker = slash < 0 ? ".wh." + path : path.substring(0, slash + 1) + ".wh." + path.substring(slash + 1);
        return add(marker, TarConstants.LF_NORMAL, 0644, 0, new byte[0], null);
    }

    /** {@code <dir>/.wh..wh..opq}: hides every child of {@code dir} from earlier layers. */
    public LayerBuilder opaqueWhiteout(String dir) {
        String d = dir.endsWith("/") ? dir : dir + "/";
        return add(d + ".wh..wh..opq", TarConstants.LF_NORMAL, 0644, 0, new byte[0], null);
    }

    /** A regular file with a custom mode, e.g. setuid {@code 04755}. */
    public LayerBuilder fileWithMode(String name, String content, int mode) {
        return file(name, content.getBytes(StandardCharsets.UTF_8), mode);
    }

    /** Builds in memory (small layers only). */
    public Layer build(Compression compression) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String diffId = write(out, compression);
        byte[] bytes = out.toByteArray();
        return new Layer(bytes, Digests.sha256(bytes), bytes.length, diffId, mediaType(compression));
    }

    public Layer build() {
        return build(Compression.GZIP);
    }

    /** Streams the layer into {@code file}: memory use does not depend on the layer size. */
    public LayerFile writeTo(Path file, Compression compression) {
        try (OutputStream out = Files.newOutputStream(file)) {
            DigestOutputStream digesting = new DigestOutputStream(out, Digests.newDigest());
            CountingOutputStream counting = new CountingOutputStream(digesting);
            String diffId = write(counting, compression);
            counting.flush();
            return new LayerFile(file, "sha256:" + HexFormat.of().formatHex(digesting.getMessageDigest().digest()),
                    counting.count, diffId, mediaType(compression));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public LayerFile writeTo(Path file) {
        return writeTo(file, Compression.GZIP);
    }

    static String mediaType(Compression c) {
        return switch (c) {
            case GZIP -> MediaTypes.OCI_LAYER_TAR_GZIP;
            case NONE -> MediaTypes.OCI_LAYER_TAR;
            case ZSTD -> MediaTypes.OCI_LAYER_TAR_ZSTD;
        };
    }

    /** Writes the (compressed) layer to {@code out} and returns the diff id (digest of the uncompressed tar). */
    private String write(OutputStream out, Compression compression) {
        try {
            OutputStream compressed = switch (compression) {
                case GZIP -> new GZIPOutputStream(new NonClosing(out), 1 << 16) {
                    {
                        def.setLevel(gzipLevel);
                    }
                };
                case NONE -> new NonClosing(out);
                case ZSTD -> new ZstdRawFrameOutputStream(new NonClosing(out));
            };
            MessageDigest diff = Digests.newDigest();
            try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new DigestOutputStream(compressed, diff), 10240,
                    StandardCharsets.UTF_8.name())) {
                tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
                tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
                for (EntryWriter w : entries) {
                    w.write(tar);
                }
                tar.finish();
            }
            return "sha256:" + HexFormat.of().formatHex(diff.digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private LayerBuilder device(String name, byte type, int major, int minor) {
        entries.add(tar -> {
            TarArchiveEntry e = entry(name, type, 0644);
            e.setDevMajor(major);
            e.setDevMinor(minor);
            tar.putArchiveEntry(e);
            tar.closeArchiveEntry();
        });
        return this;
    }

    private LayerBuilder add(String name, byte type, int mode, long size, byte[] content, String linkName) {
        entries.add(tar -> {
            TarArchiveEntry e = entry(name, type, mode);
            if (linkName != null) {
                e.setLinkName(linkName);
            }
            e.setSize(size);
            tar.putArchiveEntry(e);
            if (content != null && content.length > 0) {
                tar.write(content);
            }
            tar.closeArchiveEntry();
        });
        return this;
    }

    private static TarArchiveEntry entry(String name, byte type, int mode) {
        // preserveAbsolutePath keeps "/x" and "../x" exactly as given: hostile names are the point of several test layers
        TarArchiveEntry e = new TarArchiveEntry(name, type, true);
        e.setMode(modeBits(type) | mode);
        e.setModTime(0);
        e.setUserId(0);
        e.setGroupId(0);
        return e;
    }

    private static int modeBits(byte type) {
        return switch (type) {
            case TarConstants.LF_DIR -> 040000;
            case TarConstants.LF_SYMLINK -> 0120000;
            case TarConstants.LF_CHR -> 020000;
            case TarConstants.LF_BLK -> 060000;
            case TarConstants.LF_FIFO -> 010000;
            default -> 0100000;
        };
    }

    /** A built layer blob: its digest (of the compressed bytes), size and diff id (digest of the plain tar). */
    public sealed interface LayerBlob permits Layer, LayerFile {
        String digest();

        long size();

        String diffId();

        String mediaType();

        default Descriptor descriptor() {
            return new Descriptor(mediaType(), digest(), size());
        }
    }

    /** An in-memory layer blob. */
    public record Layer(byte[] bytes, String digest, long size, String diffId, String mediaType) implements LayerBlob {}

    /** A layer blob written to a file. */
    public record LayerFile(Path file, String digest, long size, String diffId, String mediaType) implements LayerBlob {}

    private static final class NonClosing extends FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }

    private static final class CountingOutputStream extends FilterOutputStream {
        long count;

        CountingOutputStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }
}
