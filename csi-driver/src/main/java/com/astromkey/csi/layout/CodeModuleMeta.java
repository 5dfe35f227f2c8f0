package com.astromkey.csi.layout;

import java.time.Instant;

/** Content of {@code codemodules/<key>/.ak-meta.json} (csi-driver.md §6.1 step 7). */
public record CodeModuleMeta(
    String key,
    String source,
    String reference,
    String subjectDigest,
    String manifestDigest,
    String version,
    String platform,
    Instant installedAt,
    long sizeBytes,
    String signature) {}
