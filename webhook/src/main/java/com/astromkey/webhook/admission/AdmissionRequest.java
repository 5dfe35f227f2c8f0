package com.astromkey.webhook.admission;

import com.fasterxml.jackson.databind.JsonNode;

/** The parts of an {@code admission.k8s.io/v1} request the handlers read; objects stay JSON until a handler converts them. */
public record AdmissionRequest(
    String uid, String kind, String operation, String namespace, String name, String username, boolean dryRun,
    JsonNode object, JsonNode oldObject) {

  /** True when the old object is present (UPDATE). */
  public boolean hasOldObject() {
    return oldObject != null && !oldObject.isNull() && !oldObject.isMissingNode();
  }
}
