package com.astromkey.oci.mirror;

import com.astromkey.oci.Digest;
import com.astromkey.oci.RegistryException;
import com.astromkey.oci.manifest.Descriptor;
import com.astromkey.oci.manifest.Manifest;
import java.util.List;
import java.util.Optional;

/** Read access to the source repository as the planner needs it; a registry in production, a map in unit tests. */
interface ManifestSource {

  /** The manifest under a tag or digest; empty when it does not exist. */
  Optional<Manifest> manifest(String reference) throws RegistryException;

  /** Referrer descriptors of {@code subject} (API or fallback tag), all artifact types. */
  List<Descriptor> referrers(Digest subject) throws RegistryException;
}
