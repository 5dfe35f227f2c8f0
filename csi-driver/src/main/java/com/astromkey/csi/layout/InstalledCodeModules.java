package com.astromkey.csi.layout;

import java.io.IOException;
import java.util.Optional;

/** What the CSI server needs to know about installed code modules; the provisioner's cache is the writer. */
public interface InstalledCodeModules {
  /** The version the DynaKube's latest link points to, if link and target both exist. */
  Optional<InstalledCodeModule> latest(String dynakube) throws IOException;

  /** Notes that a pod started using {@code key}; the disk budget evicts least recently used versions first. */
  void recordPublish(String key) throws IOException;
}
