package com.astromkey.sandbox.images;

/** Which manifest family an image is written in. */
public enum ImageFormat {
    /** OCI image manifest; multi-platform as OCI image index. */
    OCI(MediaTypes.OCI_MANIFEST, MediaTypes.OCI_INDEX, MediaTypes.OCI_CONFIG),
    /** Docker schema 2 manifest; multi-platform as Docker manifest list. */
    DOCKER(MediaTypes.DOCKER_MANIFEST, MediaTypes.DOCKER_LIST, MediaTypes.DOCKER_CONFIG);

    private final String manifestType;
    private final String indexType;
    private final String configType;

    ImageFormat(String manifestType, String indexType, String configType) {
        this.manifestType = manifestType;
        this.indexType = indexType;
        this.configType = configType;
    }

    public String manifestType() {
        return manifestType;
    }

    public String indexType() {
        return indexType;
    }

    public String configType() {
        return configType;
    }
}
