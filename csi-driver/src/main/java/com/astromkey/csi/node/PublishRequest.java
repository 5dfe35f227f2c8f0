package com.astromkey.csi.node;

import java.nio.file.Path;
import java.time.Duration;

/** A NodePublishVolume request that passed validation, in our own types. */
public record PublishRequest(
    String volumeId,
    Path targetPath,
    boolean readOnly,
    VolumeMode mode,
    String dynakube,
    String podName,
    String podNamespace,
    Duration retryTimeout) {}
