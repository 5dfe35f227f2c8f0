package com.astromkey.sandbox.images;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes a valid zstd frame made of raw (uncompressed) blocks: enough for "zstd layer" tests, which only need the format
 * recognised, without a zstd library.
 */
final class ZstdRawFrameOutputStream extends FilterOutputStream {

    private static final int BLOCK = 128 * 1024;
    private final byte[] buffer = new byte[BLOCK];
    private int filled;
    private boolean headerWritten;
    private boolean closed;

    ZstdRawFrameOutputStream(OutputStream out) {
        super(out);
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            if (filled == BLOCK) {
                flushBlock(false);
            }
            int n = Math.min(len, BLOCK - filled);
            System.arraycopy(b, off, buffer, filled, n);
            filled += n;
            off += n;
            len -= n;
        }
    }

    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            flushBlock(true);
            out.close();
        }
    }

    private void flushBlock(boolean last) throws IOException {
        if (!headerWritten) {
            // magic, frame header descriptor 0 (no checksum, no content size), window descriptor 2^17 = one raw block
            out.write(new byte[] {0x28, (byte) 0xB5, 0x2F, (byte) 0xFD, 0x00, 0x38});
            headerWritten = true;
        }
        int header = (filled << 3) | (last ? 1 : 0);
        out.write(new byte[] {(byte) header, (byte) (header >>> 8), (byte) (header >>> 16)});
        out.write(buffer, 0, filled);
        filled = 0;
    }
}
