package com.astromkey.operator.dynakube;

/** Ends a reconcile in phase Error so that the SDK retries with backoff; the status already says why. */
public final class ReconcileFailedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ReconcileFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}
