package com.astromkey.webhook.admission;

import java.time.Duration;
import java.util.Optional;

/** Answers one kind of admission request; the server maps each endpoint path to one handler. */
public interface AdmissionHandler {
  /** The metric label of this endpoint: {@code pod}, {@code namespace} or {@code dynakube}. */
  String kind();

  AdmissionResponse handle(AdmissionRequest request);

  /** How long {@link #handle} may run before the server sends {@link #timedOut} instead (webhook.md §7); empty: no limit. */
  default Optional<Duration> deadline() {
    return Optional.empty();
  }

  /** The answer sent when the deadline passes before {@link #handle} returns; only called when there is a deadline. */
  default AdmissionResponse timedOut(AdmissionRequest request) {
    throw new UnsupportedOperationException(kind() + " admission has no deadline");
  }
}
