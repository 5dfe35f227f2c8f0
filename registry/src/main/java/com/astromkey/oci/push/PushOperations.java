package com.astromkey.oci.push;

import com.astromkey.oci.Digest;
import com.astromkey.oci.RegistryException;
import com.astromkey.oci.RegistryException.Reason;
import com.astromkey.oci.auth.RegistrySession;
import com.astromkey.oci.transport.RegistryRequest;
import com.astromkey.oci.transport.RegistryResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import com.astromkey.oci.transport.RequestBody;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Distribution-API write primitives for the mirror: blob existence, cross-repository mount, monolithic and chunked
 * uploads, manifest PUT. The session must have been created with the push scope of the destination.
 */
public final class PushOperations {

  /** Outcome of a mount attempt: mounted, or an upload session to continue with (no second POST). */
  public record MountResult(boolean mounted, UploadSession session) {
  }

  /** An open upload; {@code location} is absolute and changes after every chunk. */
  public record UploadSession(URI location) {
  }

  private final RegistrySession session;

  public PushOperations(RegistrySession session) {
    this.session = session;
  }

  /** HEAD of the blob: true when the destination already has it. */
  public boolean blobExists(Digest digest) throws RegistryException {
    try (RegistryResponse response = session.send(session.request("HEAD", session.repositoryUri("blobs/" + digest)))) {
      if (response.status() == 200) {
        return true;
      }
      if (response.status() == 404) {
        return false;
      }
      throw session.unexpected(response, "blob " + digest);
    }
  }

  /** Tries a cross-repository mount from {@code fromPath} on the same registry. */
  public MountResult mount(Digest digest, String fromPath) throws RegistryException {
    URI uri = session.repositoryUri("blobs/uploads/?mount=" + encode(digest.toString()) + "&from=" + encode(fromPath));
    RegistryResponse response = session.send(session.request("POST", uri));
    try (response) {
      if (response.status() == 201) {
        return new MountResult(true, null);
      }
      if (response.status() == 202) {
        return new MountResult(false, new UploadSession(location(response)));
      }
      throw session.unexpected(response, "mount of blob " + digest + " from " + fromPath);
    }
  }

  public UploadSession startUpload() throws RegistryException {
    RegistryResponse response = session.send(session.request("POST", session.repositoryUri("blobs/uploads/")));
    try (response) {
      if (response.status() != 202) {
        throw session.unexpected(response, "start of a blob upload");
      }
      return new UploadSession(location(response));
    }
  }

  /**
   * One PUT with the whole blob streamed from {@code content} (opened again if the request must be repeated, e.g. a
   * redirect); the registry verifies the digest.
   */
  public void uploadMonolithic(UploadSession upload, Digest digest, long size, Supplier<InputStream> content)
      throws RegistryException {
    URI uri = withQuery(upload.location(), "digest=" + encode(digest.toString()));
    RequestBody body = RequestBody.ofStream(content, size);
    RegistryRequest request = new RegistryRequest("PUT", uri,
        Map.of("Content-Type", "application/octet-stream"), body, true, session.context());
    try (RegistryResponse response = session.send(request)) {
      if (response.status() != 201) {
        throw session.unexpected(response, "upload of blob " + digest);
      }
    }
  }

  /** PATCH chunks of at most {@code chunkSize} bytes, then the closing PUT with the digest. */
  public void uploadChunked(UploadSession upload, Digest digest, InputStream content, int chunkSize) throws RegistryException {
    URI location = upload.location();
    long offset = 0;
    byte[] chunk = new byte[chunkSize];
    try {
      int n;
      while ((n = content.readNBytes(chunk, 0, chunkSize)) > 0) {
        byte[] data = n == chunkSize ? chunk.clone() : java.util.Arrays.copyOf(chunk, n);
        RegistryRequest patch = new RegistryRequest("PATCH", location,
            Map.of("Content-Type", "application/octet-stream",
                "Content-Range", offset + "-" + (offset + n - 1)),
            RequestBody.of(data), true, session.context());
        try (RegistryResponse response = session.send(patch)) {
          if (response.status() != 202) {
            throw session.unexpected(response, "chunk at " + offset + " of blob " + digest);
          }
          location = location(response);
        }
        offset += n;
      }
    } catch (IOException e) {
      if (e instanceof RegistryException r) {
        throw r;
      }
      throw new RegistryException(Reason.CONNECTION, session.context() + ": reading blob " + digest + ": "
          + e.getMessage(), e);
    }
    RegistryRequest put = new RegistryRequest("PUT", withQuery(location, "digest=" + encode(digest.toString())),
        Map.of("Content-Type", "application/octet-stream"), RequestBody.EMPTY, true,
        session.context());
    try (RegistryResponse response = session.send(put)) {
      if (response.status() != 201) {
        throw session.unexpected(response, "completion of blob " + digest);
      }
    }
  }

  /**
   * PUTs the exact manifest bytes under a tag or digest; the registry's Docker-Content-Digest must equal our digest of
   * the bytes. Returns that digest.
   */
  public Digest putManifest(String reference, String mediaType, byte[] bytes) throws RegistryException {
    Digest digest = Digest.of(bytes);
    RegistryRequest request = new RegistryRequest("PUT", session.repositoryUri("manifests/" + reference),
        Map.of("Content-Type", mediaType), RequestBody.of(bytes), true,
        session.context());
    try (RegistryResponse response = session.send(request)) {
      if (response.status() != 201 && response.status() != 200) {
        throw session.unexpected(response, "manifest " + reference);
      }
      Optional<String> returned = response.header("Docker-Content-Digest");
      if (returned.isPresent() && !returned.get().equals(digest.toString())) {
        throw new RegistryException(Reason.DIGEST_MISMATCH, session.context() + ": manifest " + reference
            + " stored as " + returned.get() + ", expected " + digest);
      }
      return digest;
    }
  }

  private URI location(RegistryResponse response) throws RegistryException {
    String location = response.header("Location").orElseThrow(() -> new RegistryException(Reason.PROTOCOL,
        session.context() + ": upload response without Location"));
    return response.uri().resolve(location);
  }

  private static URI withQuery(URI base, String query) {
    String s = base.toString();
    return URI.create(s + (s.contains("?") ? "&" : "?") + query);
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
