package com.astromkey.webhook.admission;

import java.util.List;

/** What a handler answers: allowed or denied (with a Kubernetes Status), an optional JSONPatch and admission warnings. */
public record AdmissionResponse(boolean allowed, List<PatchOperation> patch, Integer statusCode, String statusReason,
    String statusMessage, List<String> warnings) {

  public AdmissionResponse {
    patch = patch == null ? List.of() : List.copyOf(patch);
    warnings = warnings == null ? List.of() : List.copyOf(warnings);
  }

  public static AdmissionResponse allow() {
    return new AdmissionResponse(true, List.of(), null, null, null, List.of());
  }

  public static AdmissionResponse allowWithPatch(List<PatchOperation> patch) {
    return new AdmissionResponse(true, patch, null, null, null, List.of());
  }

  public static AdmissionResponse allowWithWarnings(List<String> warnings) {
    return new AdmissionResponse(true, List.of(), null, null, null, warnings);
  }

  public static AdmissionResponse deny(int code, String reason, String message, List<String> warnings) {
    return new AdmissionResponse(false, List.of(), code, reason, message, warnings);
  }
}
