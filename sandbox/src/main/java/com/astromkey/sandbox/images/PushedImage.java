package com.astromkey.sandbox.images;

import java.util.List;

/**
 * A single-platform image in the registry: {@code reference} is {@code host/repo:tag} (or {@code host/repo@digest} when untagged),
 * {@code manifest} the exact pushed bytes.
 */
public record PushedImage(String reference, String repository, String digest, String mediaType, byte[] manifest,
                          ImagePlatform platform, Descriptor config, List<Descriptor> layers) {

    /** The manifest's descriptor, e.g. for an index entry. */
    public Descriptor descriptor() {
        return new Descriptor(mediaType, digest, manifest.length);
    }

    /** {@code host/repo@digest}. */
    public String digestReference() {
        return nameOf(reference) + "@" + digest;
    }

    /** {@code host/repo} of {@code host/repo[:tag][@digest]}. */
    static String nameOf(String reference) {
        String r = reference.contains("@") ? reference.substring(0, reference.indexOf('@')) : reference;
        int slash = r.lastIndexOf('/');
        int colon = r.lastIndexOf(':');
        return colon > slash ? r.substring(0, colon) : r;
    }
}
