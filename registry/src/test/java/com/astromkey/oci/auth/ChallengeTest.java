package com.astromkey.oci.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.astromkey.sandbox.time.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** WWW-Authenticate parsing (RFC 7235) and token cache lifetimes (registry.md §4). */
class ChallengeTest {

  @Test
  void bearerWithQuotedParametersCommasAndEscapes() {
    List<Challenge> all = Challenge.parseAll(List.of(
        "Bearer realm=\"https://auth.example.com/token\",service=\"registry.example.com\","
            + "scope=\"repository:a/b:pull,push\", error=\"say \\\"hi\\\"\""));

    assertThat(all).hasSize(1);
    Challenge c = all.get(0);
    assertThat(c.isBearer()).isTrue();
    assertThat(c.parameter("realm")).isEqualTo("https://auth.example.com/token");
    assertThat(c.parameter("service")).isEqualTo("registry.example.com");
    assertThat(c.parameter("scope")).isEqualTo("repository:a/b:pull,push");
    assertThat(c.parameter("error")).isEqualTo("say \"hi\"");
  }

  @Test
  void severalChallengesInOneHeaderAndTokenValues() {
    List<Challenge> all = Challenge.parseAll(List.of("Basic realm=\"x\", Bearer realm=https://t/token, service=s"));

    assertThat(all).extracting(Challenge::scheme).containsExactly("Basic", "Bearer");
    assertThat(all.get(1).parameter("realm")).isEqualTo("https://t/token");
    assertThat(all.get(1).parameter("service")).isEqualTo("s");
  }

  @Test
  void schemeWithoutParameters() {
    assertThat(Challenge.parseAll(List.of("Negotiate"))).extracting(Challenge::scheme).containsExactly("Negotiate");
  }

  @Test
  void tokensLiveUntilIssuedPlusExpiresMinusTenSecondsWithSixtySecondMinimum() {
    TestClock clock = new TestClock(Instant.parse("2026-01-01T00:00:00Z"));
    TokenCache cache = new TokenCache(clock);
    TokenCache.Key key = TokenCache.Key.of("r", "anonymous", List.of("b", "a"));

    cache.put(key, "t", Duration.ofSeconds(5), null);

    assertThat(TokenCache.Key.of("r", "anonymous", List.of("a", "b"))).isEqualTo(key);
    clock.advance(Duration.ofSeconds(49));
    assertThat(cache.get(key)).contains("t");
    clock.advance(Duration.ofSeconds(1));
    assertThat(cache.get(key)).isEmpty();
  }

}
