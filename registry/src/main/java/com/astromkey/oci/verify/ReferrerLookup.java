package com.astromkey.oci.verify;

import com.astromkey.oci.Digest;
import com.astromkey.oci.RegistryException;
import com.astromkey.oci.RegistryException.Reason;
import com.astromkey.oci.auth.RegistrySession;
import com.astromkey.oci.manifest.Descriptor;
import com.astromkey.oci.manifest.Manifest;
import com.astromkey.oci.manifest.ManifestFetcher;
import com.astromkey.oci.manifest.MediaTypes;
import com.astromkey.oci.transport.RegistryResponse;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * Lists the OCI referrers of a subject: the referrers API when the registry has it, else the fallback tag
 * {@code sha256-<hex>} (registry.md §10.3 step 1); filtering by artifact type is always repeated locally.
 */
public final class ReferrerLookup {

  private ReferrerLookup() {
  }

  /** Referrer descriptors of {@code subject}, at most {@code max}; {@code artifactType} null lists all. */
  public static List<Descriptor> list(RegistrySession session, Digest subject, String artifactType, int max)
      throws RegistryException {
    Optional<Manifest> index = fromApi(session, subject, artifactType);
    if (index.isEmpty()) {
      index = fallback(session, subject);
    }
    return index.map(Manifest::manifests).orElse(List.of()).stream()
        .filter(d -> matches(d.artifactType(), artifactType))
        .limit(max)
        .toList();
  }

  /** The fallback index itself, empty when the tag does not exist. */
  public static Optional<Manifest> fallback(RegistrySession session, Digest subject) throws RegistryException {
    try {
      Manifest index = ManifestFetcher.get(session, CosignArtifacts.referrersTag(subject));
      return index.isIndex() ? Optional.of(index) : Optional.empty();
    } catch (RegistryException e) {
      if (e.reason() == Reason.NOT_FOUND) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /** Bundle media types have two spellings (§10.3 step 2); an entry without artifact type is checked on its manifest. */
  static boolean matches(String actual, String wanted) {
    if (wanted == null || actual == null || actual.equals(wanted)) {
      return true;
    }
    return CosignArtifacts.isBundleType(actual) && CosignArtifacts.isBundleType(wanted);
  }

  private static Optional<Manifest> fromApi(RegistrySession session, Digest subject, String artifactType)
      throws RegistryException {
    String query = artifactType == null ? "" : "?artifactType=" + URLEncoder.encode(artifactType, StandardCharsets.UTF_8);
    var request = session.request("GET", session.repositoryUri("referrers/" + subject + query))
        .withHeader("Accept", MediaTypes.OCI_INDEX);
    RegistryResponse response = session.send(request);
    if (response.status() >= 500) {
      throw session.unexpected(response, "referrers of " + subject);
    }
    try (response) {
      // registries without the API answer 404 (or 400/405, or an HTML page); all of these mean "use the fallback tag"
      String type = MediaTypes.bare(response.header("Content-Type").orElse(null));
      if (response.status() != 200 || !MediaTypes.OCI_INDEX.equals(type)) {
        return Optional.empty();
      }
      byte[] raw = response.readBody(ManifestFetcher.MAX_MANIFEST_BYTES);
      return Optional.of(Manifest.parse(raw, type, session.context() + ", referrers of " + subject));
    } catch (RegistryException e) {
      throw e;
    } catch (IOException e) {
      throw new RegistryException(Reason.PROTOCOL, session.context() + ": referrers of " + subject + ": "
          + e.getMessage(), e);
    }
  }
}
