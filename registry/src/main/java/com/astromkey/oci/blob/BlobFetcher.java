package com.astromkey.oci.blob;

import com.astromkey.oci.RegistryException;
import com.astromkey.oci.RegistryException.Reason;
import com.astromkey.oci.auth.RegistrySession;
import com.astromkey.oci.manifest.Descriptor;
import java.io.IOException;

/** Small verified blobs (configs, signature payloads) read into memory; larger ones must be streamed. */
public final class BlobFetcher {

  public static final int MAX_SMALL_BLOB = 1 << 20;

  private BlobFetcher() {
  }

  public static byte[] readSmall(RegistrySession session, Descriptor descriptor) throws RegistryException {
    if (descriptor.size() > MAX_SMALL_BLOB) {
      throw new RegistryException(Reason.PROTOCOL, session.context() + ": blob " + descriptor.digest() + " is "
          + descriptor.size() + " bytes, more than the " + MAX_SMALL_BLOB + " allowed for this kind");
    }
    try (VerifyingBlobStream in = VerifyingBlobStream.open(session, descriptor)) {
      byte[] content = in.readAllBytes();
      if (!in.isVerified()) {
        in.drainAndVerify();
      }
      return content;
    } catch (RegistryException e) {
      throw e;
    } catch (IOException e) {
      throw new RegistryException(Reason.CONNECTION, session.context() + ": blob " + descriptor.digest() + ": "
          + e.getMessage(), e);
    }
  }
}
