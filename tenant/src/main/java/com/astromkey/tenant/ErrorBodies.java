package com.astromkey.tenant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/** Turns a tenant error response (status, body, Retry-After) into a {@link TenantApiException} (tenant-api.md §4). */
final class ErrorBodies {
  static final int MAX_TEXT = 256;
  private static final ObjectMapper JSON = new ObjectMapper();

  private ErrorBodies() {}

  static TenantApiException toException(String method, String path, int status, String body, String retryAfterHeader,
      Clock clock) {
    List<ServerError> errors = parse(body);
    Duration retryAfter = status == 429 || status == 503 ? parseRetryAfter(retryAfterHeader, clock) : null;
    String detail = errors.isEmpty() ? plainText(body) : errors.get(0).message();
    TenantErrorKind kind = TenantErrorKind.forStatus(status);
    StringBuilder msg = new StringBuilder()
        .append(method).append(' ').append(path).append(" failed with HTTP ").append(status);
    switch (kind) {
      case TOKEN_INVALID -> msg.append(" (token invalid or expired)");
      case MISSING_SCOPE -> msg.append(" (token is missing a required scope)");
      case REQUEST_REJECTED -> {
        if (status == 407) {
          msg.append(" (the proxy rejected or did not receive the proxy credentials)");
        }
      }
      case UNAVAILABLE -> msg.append(retryAfter == null ? " (tenant busy)" : " (tenant busy, retry after " + retryAfter.toSeconds() + "s)");
      default -> { }
    }
    if (!detail.isEmpty()) {
      msg.append(": ").append(detail);
    }
    return new TenantApiException(kind, status, msg.toString(), errors, retryAfter, null);
  }

  /** Either {@code {"error":{...}}} or an array of such objects; anything else gives an empty list. */
  static List<ServerError> parse(String body) {
    if (body == null || body.isBlank()) {
      return List.of();
    }
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (IOException e) {
      return List.of();
    }
    List<ServerError> errors = new ArrayList<>();
    if (root != null && root.isArray()) {
      root.forEach(n -> addError(n, errors));
    } else if (root != null) {
      addError(root, errors);
    }
    return errors;
  }

  private static void addError(JsonNode node, List<ServerError> into) {
    JsonNode e = node.path("error");
    if (!e.isObject()) {
      return;
    }
    List<ServerError.ConstraintViolation> violations = new ArrayList<>();
    for (JsonNode v : e.path("constraintViolations")) {
      violations.add(new ServerError.ConstraintViolation(text(v, "path"), text(v, "message"), text(v, "parameterLocation"),
          text(v, "location")));
    }
    into.add(new ServerError(e.path("code").asInt(0), text(e, "message"), violations));
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  /** First 256 characters of a non-JSON body, on one line. */
  static String plainText(String body) {
    if (body == null) {
      return "";
    }
    String oneLine = body.strip().replaceAll("\\s+", " ");
    return oneLine.length() <= MAX_TEXT ? oneLine : oneLine.substring(0, MAX_TEXT);
  }

  /** Retry-After as delta-seconds or HTTP date; past dates give zero, garbage gives null. */
  static Duration parseRetryAfter(String header, Clock clock) {
    if (header == null || header.isBlank()) {
      return null;
    }
    String v = header.strip();
    if (v.chars().allMatch(Character::isDigit)) {
      try {
        return Duration.ofSeconds(Long.parseLong(v));
      } catch (NumberFormatException e) {
        return null;
      }
    }
    try {
      Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      Duration d = Duration.between(clock.instant(), at);
      return d.isNegative() ? Duration.ZERO : d;
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
