package com.astromkey.oci;

import java.io.IOException;

/** A registry operation that failed for a named reason; the message is meant for users (no stack trace, no secret). */
public class RegistryException extends IOException {

  /** Why the operation failed; the names follow registry.md so logs and conditions use one vocabulary. */
  public enum Reason {
    UNAUTHORIZED("Unauthorized", false),
    DENIED("Denied", false),
    NOT_FOUND("NotFound", false),
    TLS("TLS", false),
    CONNECTION("ConnectionFailed", true),
    SERVER_ERROR("ServerError", true),
    RATE_LIMITED("RateLimited", false),
    PROTOCOL("ProtocolError", false),
    DIGEST_MISMATCH("DigestMismatch", false),
    SIZE_MISMATCH("SizeMismatch", false),
    UNSUPPORTED_MANIFEST("UnsupportedManifest", false),
    PLATFORM_NOT_FOUND("PlatformNotFound", false),
    PLATFORM_MISMATCH("PlatformMismatch", false),
    UNSAFE_LAYER_ENTRY("UnsafeLayerEntry", false),
    UNSUPPORTED_LAYER("UnsupportedLayer", false),
    EXTRACTION_FAILED("ExtractionFailed", false);

    private final String label;
    private final boolean transientFailure;

    Reason(String label, boolean transientFailure) {
      this.label = label;
      this.transientFailure = transientFailure;
    }

    public String label() {
      return label;
    }

    /** A transient failure may succeed when the whole operation is repeated later. */
    public boolean isTransient() {
      return transientFailure;
    }
  }

  private final Reason reason;

  public RegistryException(Reason reason, String detail) {
    super(reason.label() + ": " + detail);
    this.reason = reason;
  }

  public RegistryException(Reason reason, String detail, Throwable cause) {
    super(reason.label() + ": " + detail, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
