package com.astromkey.csi.layout;

/**
 * What an installer knows about the tree it wrote; the cache adds key, install time and size when it commits.
 * {@code source} is {@code image}, {@code zip} or {@code job}; fields an installer does not know are null.
 */
public record CodeModuleOrigin(
    String source,
    String reference,
    String subjectDigest,
    String manifestDigest,
    String version,
    String platform,
    String signature) {}
