package com.astromkey.domain.duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {
  static Stream<Arguments> valid() {
    return Stream.of(
        Arguments.of("30s", Duration.ofSeconds(30), "30s"),
        Arguments.of("15m", Duration.ofMinutes(15), "15m"),
        Arguments.of("1h30m", Duration.ofMinutes(90), "1h30m"),
        Arguments.of("500ms", Duration.ofMillis(500), "500ms"),
        Arguments.of("8760h", Duration.ofHours(8760), "8760h"),
        Arguments.of("90s", Duration.ofSeconds(90), "1m30s"),
        Arguments.of("1h2m3s4ms", Duration.ofMillis(3_723_004), "1h2m3s4ms"),
        Arguments.of("0", Duration.ZERO, "0s"),
        Arguments.of("0s", Duration.ZERO, "0s"),
        Arguments.of(" 10m ", Duration.ofMinutes(10), "10m"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("valid")
  void parsesAndFormats(String text, Duration expected, String formatted) {
    assertThat(Durations.parse(text)).isEqualTo(expected);
    assertThat(Durations.format(expected)).isEqualTo(formatted);
    assertThat(Durations.parse(formatted)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "''{0}''")
  @ValueSource(strings = {"10", "m", "1.5h", "-5m", "10 m", "1d", "5minutes", "1h1h", "30s1m", "1m1h", "abc", "10M"})
  void rejectsOtherTexts(String text) {
    assertThatThrownBy(() -> Durations.parse(text))
        .isInstanceOf(DurationFormatException.class)
        .hasMessageContaining("'" + text + "' is not a duration");
  }

  @ParameterizedTest(name = "''{0}''")
  @ValueSource(strings = {"", "  "})
  void rejectsEmptyText(String text) {
    assertThatThrownBy(() -> Durations.parse(text))
        .isInstanceOf(DurationFormatException.class)
        .hasMessage("duration is empty; use e.g. 30s, 15m, 1h30m or 500ms");
  }

  @ParameterizedTest(name = "''{0}''")
  @ValueSource(strings = {"99999999999999999999h", "9223372036854775807h"})
  void rejectsOverflow(String text) {
    assertThatThrownBy(() -> Durations.parse(text))
        .isInstanceOf(DurationFormatException.class)
        .hasMessage("'" + text + "' is too long a duration");
  }
}
