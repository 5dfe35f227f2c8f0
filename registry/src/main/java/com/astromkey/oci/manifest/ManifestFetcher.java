package com.astromkey.oci.manifest;

import com.astromkey.oci.Digest;
import com.astromkey.oci.RegistryException;
import com.astromkey.oci.RegistryException.Reason;
import com.astromkey.oci.auth.RegistrySession;
import com.astromkey.oci.transport.RegistryResponse;
import java.io.IOException;
import java.util.Optional;

/** GET and HEAD of manifests with the full Accept list, the 4 MiB limit and digest checks of registry.md §5. */
public final class ManifestFetcher {

  public static final int MAX_MANIFEST_BYTES = 4 << 20;

  private ManifestFetcher() {
  }

  /** Fetches by tag or digest; by digest the bytes must hash to it, by tag to Docker-Content-Digest when present. */
  public static Manifest get(RegistrySession session, String reference) throws RegistryException {
    var request = session.request("GET", session.repositoryUri("manifests/" + reference))
        .withHeader("Accept", MediaTypes.MANIFEST_ACCEPT);
    RegistryResponse response = session.send(request);
    if (response.status() != 200) {
      throw session.unexpected(response, "manifest " + reference);
    }
    byte[] raw;
    try (response) {
      raw = response.readBody(MAX_MANIFEST_BYTES);
    } catch (RegistryException e) {
      throw e;
    } catch (IOException e) {
      throw new RegistryException(Reason.PROTOCOL, session.context() + ": manifest " + reference + ": "
          + e.getMessage(), e);
    }
    Digest actual = Digest.of(raw);
    Optional<String> header = response.header("Docker-Content-Digest");
    String expected = reference.startsWith("sha256:") ? reference : header.orElse(null);
    if (expected != null && !expected.equals(actual.toString())) {
      throw new RegistryException(Reason.DIGEST_MISMATCH, session.context() + ": manifest " + reference
          + " has digest " + actual + ", expected " + expected);
    }
    return Manifest.parse(raw, response.header("Content-Type").orElse(null),
        session.context() + ", manifest " + reference);
  }

  /** Cheap digest check; empty when the manifest does not exist or the registry sends no digest header. */
  public static Optional<Digest> head(RegistrySession session, String reference) throws RegistryException {
    var request = session.request("HEAD", session.repositoryUri("manifests/" + reference))
        .withHeader("Accept", MediaTypes.MANIFEST_ACCEPT);
    try (RegistryResponse response = session.send(request)) {
      if (response.status() == 404) {
        return Optional.empty();
      }
      if (response.status() != 200) {
        throw session.unexpected(response, "manifest " + reference);
      }
      return response.header("Docker-Content-Digest").map(Digest::parse);
    }
  }
}
