package com.astromkey.sandbox.images;

import java.nio.file.Path;

/** Generates big but highly compressible layers straight to disk (a 1 GiB layer is a few MiB compressed). */
public final class LargeLayers {

    private LargeLayers() {}

    /** One file {@code opt/astromkey/oneagent/agent/large.bin} of {@code uncompressedBytes} zeros plus the code-modules basics. */
    public static LayerBuilder.LayerFile zeros(Path file, long uncompressedBytes) {
        return TestImages.codeModules("0.0.0", ImagePlatform.LINUX_AMD64).gzipLevel(java.util.zip.Deflater.BEST_SPEED)
                .zeros(TestImages.AGENT_ROOT + "agent/large.bin", uncompressedBytes).writeTo(file);
    }
}
