package com.astromkey.tenant;

import java.util.List;

/** One error object of a tenant error body: {@code {"code","message","constraintViolations"}}. */
public record ServerError(int code, String message, List<ConstraintViolation> constraintViolations) {

  public ServerError {
    message = message == null ? "" : message;
    constraintViolations = constraintViolations == null ? List.of() : List.copyOf(constraintViolations);
  }

  /** One entry of {@code constraintViolations}. */
  public record ConstraintViolation(String path, String message, String parameterLocation, String location) {}
}
