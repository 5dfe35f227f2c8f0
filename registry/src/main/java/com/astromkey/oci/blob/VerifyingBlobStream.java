package com.astromkey.oci.blob;

import com.astromkey.oci.Digest;
import com.astromkey.oci.RegistryException;
import com.astromkey.oci.RegistryException.Reason;
import com.astromkey.oci.auth.RegistrySession;
import com.astromkey.oci.manifest.Descriptor;
import com.astromkey.oci.transport.RegistryResponse;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A blob body that hashes and counts while it is read, resumes a broken download with {@code Range} (keeping the hash
 * state), and fails at EOF unless size and sha256 equal the descriptor (registry.md §7).
 */
public final class VerifyingBlobStream extends InputStream {

  private static final Logger LOG = LoggerFactory.getLogger(VerifyingBlobStream.class);
  static final int MAX_RESUMES = 3;

  private final RegistrySession session;
  private final Descriptor descriptor;
  private final MessageDigest sha256 = Digest.newSha256();
  private final byte[] one = new byte[1];
  private RegistryResponse response;
  private InputStream body;
  private long count;
  private int resumes;
  private boolean verified;

  private VerifyingBlobStream(RegistrySession session, Descriptor descriptor, RegistryResponse response) {
    this.session = session;
    this.descriptor = descriptor;
    this.response = response;
    this.body = response.body();
  }

  /** Starts the download; the registry's redirect to object storage is followed by the transport. */
  public static VerifyingBlobStream open(RegistrySession session, Descriptor descriptor) throws RegistryException {
    return new VerifyingBlobStream(session, descriptor, request(session, descriptor, 0));
  }

  private static RegistryResponse request(RegistrySession session, Descriptor descriptor, long offset)
      throws RegistryException {
    var request = session.request("GET", session.repositoryUri("blobs/" + descriptor.digest()));
    if (offset > 0) {
      request = request.withHeader("Range", "bytes=" + offset + "-");
    }
    RegistryResponse response = session.send(request);
    if (response.status() != 200 && response.status() != 206) {
      throw session.unexpected(response, "blob " + descriptor.digest());
    }
    return response;
  }

  public long bytesRead() {
    return count;
  }

  @Override
  public int read() throws IOException {
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (verified) {
      return -1;
    }
    while (true) {
      int n;
      try {
        n = body.read(b, off, len);
      } catch (RegistryException e) {
        throw e;
      } catch (IOException e) {
        resume(e);
        continue;
      }
      if (n < 0) {
        if (count < descriptor.size()) {
          resume(new IOException("connection closed after " + count + " of " + descriptor.size() + " bytes"));
          continue;
        }
        verify();
        return -1;
      }
      count += n;
      if (count > descriptor.size()) {
        throw new RegistryException(Reason.SIZE_MISMATCH, where() + ": more than the " + descriptor.size()
            + " bytes of the descriptor");
      }
      sha256.update(b, off, n);
      return n;
    }
  }

  private void resume(IOException cause) throws RegistryException {
    response.close();
    if (resumes >= MAX_RESUMES) {
      throw new RegistryException(Reason.CONNECTION, where() + ": download broke " + (resumes + 1) + " times, last: "
          + cause.getMessage(), cause);
    }
    try {
      Thread.sleep(session.retryPolicy().backoff(resumes).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RegistryException(Reason.CONNECTION, where() + ": interrupted");
    }
    resumes++;
    LOG.info("{}: download broke after {} bytes ({}), resuming ({} of {})", where(), count, cause.getMessage(), resumes,
        MAX_RESUMES);
    response = request(session, descriptor, count);
    body = response.body();
    if (response.status() == 200) {
      // the server ignored Range: skip what we already hashed, so the stream continues where it broke
      skipExactly(count);
    } else {
      String range = response.header("Content-Range").orElse("");
      if (!range.startsWith("bytes " + count + "-")) {
        throw new RegistryException(Reason.PROTOCOL, where() + ": resumed at the wrong offset (" + range + ")");
      }
    }
  }

  private void skipExactly(long n) throws RegistryException {
    try {
      long remaining = n;
      byte[] buffer = new byte[65536];
      while (remaining > 0) {
        int r = body.read(buffer, 0, (int) Math.min(buffer.length, remaining));
        if (r < 0) {
          throw new IOException("restarted download ended early");
        }
        remaining -= r;
      }
    } catch (IOException e) {
      throw new RegistryException(Reason.CONNECTION, where() + ": " + e.getMessage(), e);
    }
  }

  private void verify() throws RegistryException {
    if (count != descriptor.size()) {
      throw new RegistryException(Reason.SIZE_MISMATCH, where() + ": received " + count + " bytes, descriptor says "
          + descriptor.size());
    }
    Digest actual = Digest.fromHash(sha256.digest());
    if (!actual.equals(descriptor.digest())) {
      throw new RegistryException(Reason.DIGEST_MISMATCH, where() + ": content has digest " + actual);
    }
    verified = true;
  }

  /** Reads whatever the consumer left (tar padding, gzip trailer) so the digest covers every byte. */
  public void drainAndVerify() throws IOException {
    byte[] buffer = new byte[65536];
    while (read(buffer, 0, buffer.length) >= 0) {
      // reading is the point: read() verifies at EOF
    }
  }

  public boolean isVerified() {
    return verified;
  }

  private String where() {
    return session.context() + ": blob " + descriptor.digest();
  }

  @Override
  public void close() {
    response.close();
  }
}
