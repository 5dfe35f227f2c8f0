package com.astromkey.operator.oneagent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Probe command choice by OneAgent version (operator.md §4.2). */
class HealthchecksTest {
  @ParameterizedTest
  @CsvSource(value = {"null,true", "1.276.0.20231010-101010,true", "1.301.0.20240915-120000,true",
      "1.275.9.20231010-101010,false", "2.1.0.20240101-000000,true"}, nullValues = "null")
  void watchdogBinaryFrom1276OrForCustomImages(String version, boolean watchdog) {
    List<String> test = Healthchecks.forVersion(version).getTest();

    assertThat(test).isEqualTo(watchdog ? List.of("/usr/bin/watchdog-healthcheck64") : Healthchecks.LEGACY);
  }
}
