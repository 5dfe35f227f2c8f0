package com.astromkey.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Error parsing of tenant-api.md §4: both body shapes, plain text, Retry-After and the classification. */
class ErrorBodiesTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-27T08:00:00Z"), ZoneOffset.UTC);

  private static TenantApiException error(int status, String body, String retryAfter) {
    return ErrorBodies.toException("GET", "/v1/x", status, body, retryAfter, CLOCK);
  }

  @Test
  void anErrorObjectWithConstraintViolations() {
    TenantApiException e = error(400, """
        {"error":{"code":400,"message":"Constraints violated.","constraintViolations":[
          {"path":"bitness","message":"must be 64","parameterLocation":"QUERY","location":null}]}}""", null);

    assertThat(e.kind()).isEqualTo(TenantErrorKind.REQUEST_REJECTED);
    assertThat(e.statusCode()).isEqualTo(400);
    assertThat(e.serverErrors()).hasSize(1);
    ServerError se = e.serverErrors().get(0);
    assertThat(se.code()).isEqualTo(400);
    assertThat(se.constraintViolations()).containsExactly(
        new ServerError.ConstraintViolation("bitness", "must be 64", "QUERY", null));
    assertThat(e.getMessage()).isEqualTo("GET /v1/x failed with HTTP 400: Constraints violated.");
  }

  @Test
  void anArrayOfErrorObjects() {
    TenantApiException e = error(500, "[{\"error\":{\"code\":500,\"message\":\"first\"}},{\"error\":{\"code\":501,\"message\":\"second\"}}]", null);

    assertThat(e.serverErrors()).extracting(ServerError::message).containsExactly("first", "second");
    assertThat(e.serverMessage()).isEqualTo("first");
    assertThat(e.kind()).isEqualTo(TenantErrorKind.TRANSIENT);
  }

  @Test
  void aNonJsonBodyBecomesTheFirst256Characters() {
    String html = "<html>\n<body>" + "x".repeat(400) + "</body></html>";
    TenantApiException e = error(502, html, null);

    assertThat(e.serverErrors()).isEmpty();
    String detail = e.getMessage().substring(e.getMessage().indexOf(": ") + 2);
    assertThat(detail).hasSize(256).startsWith("<html> <body>xxx");
  }

  @Test
  void jsonWithoutAnErrorObjectIsNoServerError() {
    assertThat(ErrorBodies.parse("{\"message\":\"nope\"}")).isEmpty();
    assertThat(ErrorBodies.parse("")).isEmpty();
    assertThat(ErrorBodies.parse("{broken")).isEmpty();
  }

  @Test
  void statusClassification() {
    assertThat(error(401, "", null).isTokenInvalid()).isTrue();
    assertThat(error(401, "", null).getMessage()).contains("token invalid or expired");
    assertThat(error(403, "", null).isMissingScope()).isTrue();
    assertThat(error(404, "", null).isNotFound()).isTrue();
    assertThat(error(429, "", null).isUnavailable()).isTrue();
    assertThat(error(503, "", null).isUnavailable()).isTrue();
    assertThat(error(500, "", null).kind()).isEqualTo(TenantErrorKind.TRANSIENT);
    assertThat(error(502, "", null).kind()).isEqualTo(TenantErrorKind.TRANSIENT);
    assertThat(error(409, "", null).kind()).isEqualTo(TenantErrorKind.REQUEST_REJECTED);
  }

  @Test
  void retryAfterInSecondsOrAsHttpDate() {
    assertThat(error(429, "", "90").retryAfter()).contains(Duration.ofSeconds(90));
    assertThat(error(503, "", "Fri, 27 Nov 2026 08:02:00 GMT").retryAfter()).contains(Duration.ofMinutes(2));
    assertThat(error(503, "", "Fri, 27 Nov 2026 07:00:00 GMT").retryAfter()).contains(Duration.ZERO);
    assertThat(error(503, "", "soon").retryAfter()).isEmpty();
    assertThat(error(429, "", null).retryAfter()).isEmpty();
    assertThat(error(429, "", "90").getMessage()).contains("retry after 90s");
  }

  @Test
  void requeueDelayClampsRetryAfterToOneToTenMinutes() {
    assertThat(error(429, "", "90").requeueDelay()).contains(Duration.ofSeconds(90));
    assertThat(error(429, "", "120").requeueDelay()).contains(Duration.ofSeconds(120));
    assertThat(error(503, "", "5").requeueDelay()).contains(Duration.ofMinutes(1));
    assertThat(error(503, "", "3600").requeueDelay()).contains(Duration.ofMinutes(10));
    assertThat(error(503, "", null).requeueDelay()).contains(Duration.ofMinutes(1));
    assertThat(error(500, "", "90").requeueDelay()).isEmpty();
    assertThat(error(401, "", null).requeueDelay()).isEmpty();
  }

  @Test
  void transientCoversUnavailableAndServerErrorsButNotAuthOrContent() {
    assertThat(error(503, "", null).isTransient()).isTrue();
    assertThat(error(500, "", null).isTransient()).isTrue();
    assertThat(error(403, "", null).isTransient()).isFalse();
    assertThat(TenantApiException.of(TenantErrorKind.INVALID_CONTENT, "x").isTransient()).isFalse();
  }

  @Test
  void retryAfterIsIgnoredOutside429And503() {
    assertThat(error(500, "", "90").retryAfter()).isEmpty();
  }

  @Test
  void constraintViolationListsAreCopied() {
    ServerError e = new ServerError(1, null, null);

    assertThat(e.message()).isEmpty();
    assertThat(e.constraintViolations()).isEqualTo(List.of());
  }
}
