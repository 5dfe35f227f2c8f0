package com.astromkey.domain.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ProxyUrlTest {
  static Stream<Arguments> valid() {
    return Stream.of(
        Arguments.of("http://proxy.example.com:3128", new ProxyUrl("http", null, null, "proxy.example.com", 3128)),
        Arguments.of("https://proxy.example.com", new ProxyUrl("https", null, null, "proxy.example.com", 443)),
        Arguments.of("http://proxy:80/", new ProxyUrl("http", null, null, "proxy", 80)),
        Arguments.of("HTTP://user@10.0.0.1:8080", new ProxyUrl("http", "user", null, "10.0.0.1", 8080)),
        Arguments.of("http://user:p@ss/w:rd@proxy:3128", new ProxyUrl("http", "user", "p@ss/w:rd", "proxy", 3128)),
        Arguments.of("http://[::1]:3128", new ProxyUrl("http", null, null, "[::1]", 3128)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("valid")
  void parses(String text, ProxyUrl expected) {
    assertThat(ProxyUrl.parse(text)).isEqualTo(expected);
  }

  static Stream<Arguments> invalid() {
    return Stream.of(
        Arguments.of("proxy:3128", "missing http:// or https:// scheme"),
        Arguments.of("socks5://proxy:1080", "scheme 'socks5' is not http or https"),
        Arguments.of("http://:3128", "no host"),
        Arguments.of("http://user:secret@", "no host"),
        Arguments.of("http://:secret@proxy:3128", "empty user name before '@'"),
        Arguments.of("http://pro xy:3128", "invalid host 'pro xy'"),
        Arguments.of("http://proxy:port", "port 'port' is not a number between 1 and 65535"),
        Arguments.of("http://proxy:70000", "port '70000' is not a number between 1 and 65535"),
        Arguments.of("http://proxy:3128/path", "unexpected path, query or fragment '/path'"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalid")
  void rejectsWithAReasonWithoutThePassword(String text, String reason) {
    assertThatThrownBy(() -> ProxyUrl.parse(text)).isInstanceOf(IllegalArgumentException.class).hasMessage(reason);
  }

  @Test
  void rawPasswordIsFoundEvenWhenTheRestIsInvalid() {
    assertThat(ProxyUrl.rawPassword("http://user:se,cret@proxy:port")).contains("se,cret");
    assertThat(ProxyUrl.rawPassword("http://user@proxy")).isEmpty();
    assertThat(ProxyUrl.rawPassword("http://proxy")).isEmpty();
  }

  @Test
  void toStringHidesThePassword() {
    assertThat(ProxyUrl.parse("http://user:secret@proxy:3128")).hasToString("http://user:***@proxy:3128");
  }
}
