package com.astromkey.csi.testing;

import static com.astromkey.domain.names.CsiVolumeAttributes.DYNAKUBE;
import static com.astromkey.domain.names.CsiVolumeAttributes.EPHEMERAL;
import static com.astromkey.domain.names.CsiVolumeAttributes.MODE;
import static com.astromkey.domain.names.CsiVolumeAttributes.POD_NAME;
import static com.astromkey.domain.names.CsiVolumeAttributes.POD_NAMESPACE;

import com.astromkey.csi.layout.CodeModuleCache;
import com.astromkey.csi.layout.CodeModuleOrigin;
import com.astromkey.csi.layout.DataLayout;
import com.astromkey.csi.spec.v1.NodePublishVolumeRequest;
import com.astromkey.csi.spec.v1.VolumeCapability;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Builders for the requests and installed trees the CSI tests share. */
public final class Fixtures {
  public static final String DK = "dynakube";
  public static final String DIGEST_KEY = "sha256-" + "ab".repeat(32);

  private Fixtures() {}

  public static NodePublishVolumeRequest.Builder appRequest(Path kubeletDir, String volumeId) {
    return NodePublishVolumeRequest.newBuilder()
        .setVolumeId(volumeId)
        .setTargetPath(target(kubeletDir, volumeId).toString())
        .setReadonly(true)
        .setVolumeCapability(VolumeCapability.newBuilder().setMount(VolumeCapability.MountVolume.getDefaultInstance()))
        .putVolumeContext(EPHEMERAL, "true")
        .putVolumeContext(POD_NAME, "app-7d9f")
        .putVolumeContext(POD_NAMESPACE, "shop")
        .putVolumeContext(MODE, "app")
        .putVolumeContext(DYNAKUBE, DK);
  }

  public static NodePublishVolumeRequest.Builder hostRequest(Path kubeletDir, String volumeId) {
    return appRequest(kubeletDir, volumeId).setReadonly(false).putVolumeContext(MODE, "host");
  }

  public static Path target(Path kubeletDir, String volumeId) {
    return kubeletDir.resolve("pods/0b7e-uid/volumes/kubernetes.io~csi/" + volumeId + "/mount");
  }

  /** Installs a minimal code-modules tree under {@code key} and points the DynaKube's latest link at it. */
  public static void installAndLink(CodeModuleCache cache, String key, String dk) throws IOException {
    install(cache, key, "content of " + key);
    cache.relink(dk, key);
  }

  public static void install(CodeModuleCache cache, String key, String marker) throws IOException {
    cache.ensureInstalled(key, work -> {
      Path lib = work.resolve(DataLayout.REQUIRED_LIBRARY);
      Files.createDirectories(lib.getParent());
      Files.writeString(lib, "ELF");
      Files.writeString(work.resolve("marker.txt"), marker);
      return new CodeModuleOrigin("image", "registry.example.com/codemodules:1.2.3", null, null, "1.2.3", "linux/amd64", null);
    });
  }
}
