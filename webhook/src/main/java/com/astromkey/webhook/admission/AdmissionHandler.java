package com.astromkey.webhook.admission;

/** Answers one kind of admission request; the server maps each endpoint path to one handler. */
public interface AdmissionHandler {
  /** The metric label of this endpoint: {@code pod}, {@code namespace} or {@code dynakube}. */
  String kind();

  AdmissionResponse handle(AdmissionRequest request);
}
