package com.astromkey.tenant;

import com.astromkey.sandbox.time.TestClock;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Cache keying (method, URL incl. query, token kind) and TTL, with a test clock. */
class ResponseCacheTest {
  private final TestClock clock = new TestClock(Instant.parse("2026-11-27T08:00:00Z"));
  private final ResponseCache cache = new ResponseCache(clock, Duration.ofMinutes(15));
  private final URI uri = URI.create("https://t.example/api/v1/x?flavor=default");
  private final ResponseCache.Key key = new ResponseCache.Key("GET", uri, TokenKind.PAAS);

  @Test
  void anEntryLivesExactlyTheTtl() {
    cache.put(key, "v1");

    clock.advance(Duration.ofMinutes(15).minusNanos(1));
    assertThat(cache.get(key, String.class)).contains("v1");
    clock.advance(Duration.ofNanos(1));
    assertThat(cache.get(key, String.class)).isEmpty();
  }

  @Test
  void methodUrlQueryAndTokenKindAllTellEntriesApart() {
    cache.put(key, "v1");

    assertThat(cache.get(new ResponseCache.Key("GET", uri, TokenKind.API), String.class)).isEmpty();
    assertThat(cache.get(new ResponseCache.Key("POST", uri, TokenKind.PAAS), String.class)).isEmpty();
    assertThat(cache.get(new ResponseCache.Key("GET", URI.create("https://t.example/api/v1/x?flavor=multidistro"),
        TokenKind.PAAS), String.class)).isEmpty();
    assertThat(cache.get(new ResponseCache.Key("GET", URI.create("https://t.example/api/v1/x?flavor=default"),
        TokenKind.PAAS), String.class)).contains("v1");
  }

  @Test
  void aValueOfAnotherTypeIsAMiss() {
    cache.put(key, 42);

    assertThat(cache.get(key, String.class)).isEmpty();
  }

  @Test
  void aZeroTtlStoresNothing() {
    ResponseCache off = new ResponseCache(clock, Duration.ZERO);
    off.put(key, "v1");

    assertThat(off.get(key, String.class)).isEmpty();
    assertThat(off.size()).isZero();
  }

  @Test
  void expiredEntriesAreDroppedOnTheNextPut() {
    cache.put(key, "v1");
    clock.advance(Duration.ofMinutes(16));
    cache.put(new ResponseCache.Key("GET", URI.create("https://t.example/other"), TokenKind.PAAS), "v2");

    assertThat(cache.size()).isEqualTo(1);
  }
}
