package com.astromkey.sandbox.images;

import java.util.List;

/**
 * A multi-platform image (OCI index or Docker manifest list) in the registry, with its platform images in index order and the
 * attestation manifest if one was added.
 */
public record PushedIndex(String reference, String repository, String digest, String mediaType, byte[] bytes,
                          List<PushedImage> images, Descriptor attestation) {

    public PushedImage image(ImagePlatform platform) {
        return images.stream().filter(i -> i.platform().equals(platform)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no " + platform + " image in " + reference));
    }

    /** {@code host/repo@digest}. */
    public String digestReference() {
        return PushedImage.nameOf(reference) + "@" + digest;
    }
}
