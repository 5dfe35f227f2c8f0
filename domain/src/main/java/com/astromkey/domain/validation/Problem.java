package com.astromkey.domain.validation;

/** One finding of a validation rule: {@code AKV-*} IDs are errors that deny the request, {@code AKW-*} IDs are warnings. */
public record Problem(String id, String message) {
  public boolean isError() {
    return id.startsWith("AKV-");
  }

  /** {@code [<id>] <message>}, the form used in admission responses and the {@code validate} output. */
  public String formatted() {
    return "[" + id + "] " + message;
  }
}
