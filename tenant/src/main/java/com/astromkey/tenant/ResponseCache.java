package com.astromkey.tenant;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Per-client cache of parsed tenant answers, keyed (method, URL incl. query, token kind), expiring after the threshold. */
final class ResponseCache {
  /** What tells two answers apart (tenant-api.md §1, "Cache"). */
  record Key(String method, URI uri, TokenKind tokenKind) {}

  /** A parsed answer and when it stops being fresh. */
  private record Entry(Object value, Instant expiresAt) {}

  private final Clock clock;
  private final Duration ttl;
  private final Map<Key, Entry> entries = new ConcurrentHashMap<>();

  ResponseCache(Clock clock, Duration ttl) {
    this.clock = clock;
    this.ttl = ttl;
  }

  <T> Optional<T> get(Key key, Class<T> type) {
    Entry e = entries.get(key);
    if (e == null) {
      return Optional.empty();
    }
    if (!clock.instant().isBefore(e.expiresAt())) {
      entries.remove(key, e);
      return Optional.empty();
    }
    return type.isInstance(e.value()) ? Optional.of(type.cast(e.value())) : Optional.empty();
  }

  void put(Key key, Object value) {
    if (ttl.isZero()) {
      return;
    }
    entries.put(key, new Entry(value, clock.instant().plus(ttl)));
    // expired entries of URLs never asked again would otherwise stay for the life of the client
    Instant now = clock.instant();
    entries.values().removeIf(e -> !now.isBefore(e.expiresAt()));
  }

  void clear() {
    entries.clear();
  }

  int size() {
    return entries.size();
  }
}
