package com.astromkey.csi.layout;

import java.time.Instant;

/**
 * Content of {@code appmounts/<volID>/meta.json} (csi-driver.md §4.1 step 4). {@code targetPath} goes beyond the
 * listed fields because GC must know whether the volume's target is still mounted (§7 "protected").
 */
public record AppMountMeta(
    String dynakube,
    String podNamespace,
    String podName,
    String key,
    String lowerDir,
    String targetPath,
    Instant publishedAt) {}
