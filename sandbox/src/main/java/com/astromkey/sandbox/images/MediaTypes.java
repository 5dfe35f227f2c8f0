package com.astromkey.sandbox.images;

/** Media types of the OCI image spec and Docker schema 2 that test images use. */
public final class MediaTypes {

  public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
  public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
  public static final String OCI_CONFIG = "application/vnd.oci.image.config.v1+json";
  public static final String OCI_LAYER_TAR_GZIP = "application/vnd.oci.image.layer.v1.tar+gzip";
  public static final String OCI_LAYER_TAR = "application/vnd.oci.image.layer.v1.tar";
  public static final String OCI_LAYER_TAR_ZSTD = "application/vnd.oci.image.layer.v1.tar+zstd";
  public static final String OCI_EMPTY = "application/vnd.oci.empty.v1+json";
  public static final String DOCKER_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
  public static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
  public static final String DOCKER_CONFIG = "application/vnd.docker.container.image.v1+json";
  public static final String DOCKER_LAYER = "application/vnd.docker.image.rootfs.diff.tar.gzip";
  public static final String HELM_CONFIG = "application/vnd.cncf.helm.config.v1+json";
  public static final String HELM_CHART = "application/vnd.cncf.helm.chart.content.v1.tar+gzip";
  public static final String COSIGN_SIMPLESIGNING = "application/vnd.dev.cosign.simplesigning.v1+json";
  public static final String SIGSTORE_BUNDLE = "application/vnd.dev.sigstore.bundle.v0.3+json";

  /** Every manifest media type, as an Accept header value. */
  public static final String ACCEPT_ALL_MANIFESTS = OCI_INDEX + ", " + DOCKER_LIST + ", " + OCI_MANIFEST + ", " + DOCKER_MANIFEST;

  private MediaTypes() {}
}
