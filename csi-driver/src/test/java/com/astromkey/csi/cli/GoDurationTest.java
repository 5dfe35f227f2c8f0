package com.astromkey.csi.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Go duration syntax as Kubernetes volume attributes use it. */
class GoDurationTest {
  @ParameterizedTest
  @CsvSource({"10m,600000", "2s,2000", "1h,3600000", "1m30s,90000", "1.5h,5400000", "250ms,250", "0,0", "-1s,-1000"})
  void parsesGoDurations(String text, long millis) {
    assertThat(GoDuration.parse(text)).isEqualTo(Duration.ofMillis(millis));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "10", "m", "1d", "1m 30s", "abc", "1.5"})
  void rejectsWhatGoRejects(String text) {
    assertThatThrownBy(() -> GoDuration.parse(text)).isInstanceOf(IllegalArgumentException.class);
  }
}
