package com.astromkey.operator.version;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Tenant-registry image names and tags (operator.md §4.2). */
class VersionResolverTest {
  @ParameterizedTest
  @CsvSource({
      "1.301.0.20240915-120000, 1.301.0-raw",
      "1.301.0, 1.301.0-raw",
      "1.301.0-raw, 1.301.0-raw"})
  void rawTagIsThreePartsPlusRawOnce(String version, String tag) {
    assertThat(VersionResolver.rawTag(version)).isEqualTo(tag);
  }

  @ParameterizedTest
  @CsvSource({
      "abc12345.live.astromkey.com, abc12345.live.astromkey.com/linux/oneagent:1.301.0-raw",
      "host/e/env1, host/e/env1/linux/oneagent:1.301.0-raw"})
  void tenantImageUsesTheApiPrefix(String apiPrefix, String image) {
    assertThat(VersionResolver.tenantImage(apiPrefix, "linux/oneagent", "1.301.0.20240915-120000")).isEqualTo(image);
  }
}
