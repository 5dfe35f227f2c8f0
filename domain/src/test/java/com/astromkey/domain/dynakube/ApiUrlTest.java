package com.astromkey.domain.dynakube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ApiUrlTest {
  static Stream<Arguments> valid() {
    return Stream.of(
        Arguments.of("https://abc12345.live.astromkey.com/api", "abc12345.live.astromkey.com",
            "abc12345.live.astromkey.com", "abc12345"),
        Arguments.of("https://abc12345.live.astromkey.com:443/api", "abc12345.live.astromkey.com:443",
            "abc12345.live.astromkey.com:443", "abc12345"),
        Arguments.of("https://managed.example.com/e/env1/api", "managed.example.com", "managed.example.com/e/env1", "env1"),
        Arguments.of("http://127.0.0.1:8443/api", "127.0.0.1:8443", "127.0.0.1:8443", "127"),
        Arguments.of("https://tenant/api", "tenant", "tenant", "tenant"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("valid")
  void derivesHostPrefixAndTenant(String text, String apiHost, String apiPrefix, String tenantId) {
    ApiUrl url = ApiUrl.parse(text);

    assertThat(url.apiHost()).isEqualTo(apiHost);
    assertThat(url.apiPrefix()).isEqualTo(apiPrefix);
    assertThat(url.tenantId()).isEqualTo(tenantId);
  }

  static Stream<Arguments> invalid() {
    return Stream.of(
        Arguments.of("", "empty"),
        Arguments.of("abc.live.astromkey.com/api", "not an absolute http or https URL"),
        Arguments.of("ftp://abc.live.astromkey.com/api", "not an absolute http or https URL"),
        Arguments.of("https://abc .live/api", "not an absolute http or https URL"),
        Arguments.of("https:///api", "no host"),
        Arguments.of("https://.live.astromkey.com/api", "empty first host label"),
        Arguments.of("https://abc.live.astromkey.com:0/api", "invalid port '0'"),
        Arguments.of("https://user@abc.live.astromkey.com/api", "user info is not allowed"),
        Arguments.of("https://abc.live.astromkey.com/api?x=1", "query or fragment is not allowed"),
        Arguments.of("https://abc.live.astromkey.com/", "path does not end in /api"),
        Arguments.of("https://abc.live.astromkey.com/api/", "path does not end in /api"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalid")
  void rejectsWithTheReason(String text, String reason) {
    assertThatThrownBy(() -> ApiUrl.parse(text)).isInstanceOf(IllegalArgumentException.class).hasMessage(reason);
  }
}
