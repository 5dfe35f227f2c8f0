package com.astromkey.operator.dynakube;

/** A component step cannot go on for a reason already reported as a False condition; the reconcile ends in phase Error. */
public final class StepFailedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StepFailedException(String message) {
    super(message);
  }
}
