package com.astromkey.webhook.admission;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

/** Answers one kind of admission request; the server maps each endpoint path to one handler. */
public interface AdmissionHandler {
  /** The metric label of this endpoint: {@code pod}, {@code namespace} or {@code dynakube}. */
  String kind();

  AdmissionResponse handle(AdmissionRequest request);

  /**
   * As {@link #handle}, with what the handler records about the admission (events, metrics) held back until the server
   * sends this answer: an answer dropped because the deadline passed first must leave no trace. By default nothing is held.
   */
  default Handled handleDeferred(AdmissionRequest request) {
    return new Handled(handle(request), () -> { });
  }

  /** An answer and the records to make once it is the answer sent. */
  record Handled(AdmissionResponse response, Runnable onSent) {}

  /** How long {@link #handle} may run, and what the server answers instead when it runs longer (webhook.md §7); empty: no limit. */
  default Optional<Deadline> deadline() {
    return Optional.empty();
  }

  /** A limit on {@link #handle}'s time and the answer sent when the limit passes first. */
  record Deadline(Duration after, Function<AdmissionRequest, AdmissionResponse> timedOut) {}
}
