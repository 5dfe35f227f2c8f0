package com.astromkey.bootstrap.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The JSON-lines log format of bootstrap.md §3. */
class JsonLogTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC);

  @Test
  void oneJsonObjectPerLineWithTypedFields() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    JsonLog log = new JsonLog(new PrintStream(bytes, true, StandardCharsets.UTF_8), false, CLOCK);

    log.info("copied \"x\"", "files", 3, "ok", true, "path", "/a\nb");
    log.debug("hidden");

    assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo("{\"time\":\"2026-01-02T03:04:05Z\",\"level\":\"info\","
        + "\"msg\":\"copied \\\"x\\\"\",\"files\":3,\"ok\":true,\"path\":\"/a\\nb\"}" + System.lineSeparator());
  }

  @Test
  void debugLinesOnlyWithDebug() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    JsonLog log = new JsonLog(new PrintStream(bytes, true, StandardCharsets.UTF_8), true, CLOCK);

    log.debug("shown");

    assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("\"level\":\"debug\"", "\"msg\":\"shown\"");
  }
}
