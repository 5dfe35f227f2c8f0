package com.astromkey.oci.manifest;

import com.astromkey.oci.Platform;
import com.astromkey.oci.RegistryException;
import com.astromkey.oci.RegistryException.Reason;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/** Picks the node's entry from an index (registry.md §6): first match in index order, never an attestation. */
public final class PlatformSelector {

  private PlatformSelector() {
  }

  public static Optional<Descriptor> select(Manifest index, Platform platform) {
    return index.manifests().stream()
        .filter(d -> !d.isAttestation())
        .filter(d -> d.os() != null && d.architecture() != null)
        .filter(d -> platform.accepts(d.os(), d.architecture(), d.variant()))
        .findFirst();
  }

  public static Descriptor require(Manifest index, Platform platform, String reference) throws RegistryException {
    return select(index, platform).orElseThrow(() -> new RegistryException(Reason.PLATFORM_NOT_FOUND,
        reference + " has no " + platform.os() + "/" + platform.architecture() + " image; available: "
            + String.join(", ", available(index))));
  }

  static Set<String> available(Manifest index) {
    Set<String> names = new LinkedHashSet<>();
    for (Descriptor d : index.manifests()) {
      if (!d.isAttestation() && d.os() != null && d.architecture() != null) {
        names.add(d.platformName());
      }
    }
    return names;
  }

  /** A single-platform image's config must match the node when it names a platform. */
  public static void checkConfig(ImageConfig config, Platform platform, String reference) throws RegistryException {
    if (config.os() == null || config.architecture() == null) {
      return;
    }
    String arch = config.architecture();
    if (!platform.accepts(config.os(), "x86_64".equals(arch) ? "amd64" : "aarch64".equals(arch) ? "arm64" : arch,
        config.variant())) {
      throw new RegistryException(Reason.PLATFORM_MISMATCH, reference + " is a " + config.os() + "/" + arch
          + " image, this node is " + platform.os() + "/" + platform.architecture());
    }
  }
}
