package com.astromkey.csi.layout;

import java.time.Instant;

/** Content of {@code _dynakubes/<dk>/resolved.json}: the last tag → digest resolution (csi-driver.md §6.1 step 2). */
public record ResolvedReference(String reference, String subjectDigest, String key, Instant resolvedAt) {}
