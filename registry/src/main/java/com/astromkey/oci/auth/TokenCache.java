package com.astromkey.oci.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bearer tokens per (registry, credential identity, sorted scope set) until {@code issued_at + expires_in − 10 s}, and the
 * last challenge seen per registry so later requests can authenticate without another 401 round trip.
 */
public final class TokenCache {

  private static final Duration SAFETY_MARGIN = Duration.ofSeconds(10);

  /** Cache key; the identity is the credential source, never the secret itself. */
  public record Key(String registry, String identity, List<String> scopes) {
    public static Key of(String registry, String identity, java.util.Collection<String> scopes) {
      return new Key(registry, identity, List.copyOf(new TreeSet<>(scopes)));
    }

    // written out for the reason given on Digest.equals
    @Override
    public boolean equals(Object other) {
      return other instanceof Key k && Objects.equals(registry, k.registry) && Objects.equals(identity, k.identity)
          && Objects.equals(scopes, k.scopes);
    }

    @Override
    public int hashCode() {
      return (Objects.hashCode(registry) * 31 + Objects.hashCode(identity)) * 31 + Objects.hashCode(scopes);
    }
  }

  /** A token and the instant it stops being used. */
  private record Entry(String token, Instant validUntil) {
  }

  private final Map<Key, Entry> tokens = new ConcurrentHashMap<>();
  private final Map<String, Challenge> challenges = new ConcurrentHashMap<>();
  private final AtomicInteger tokenRequests = new AtomicInteger();
  private final Clock clock;

  public TokenCache() {
    this(Clock.systemUTC());
  }

  public TokenCache(Clock clock) {
    this.clock = clock;
  }

  public Optional<String> get(Key key) {
    Entry entry = tokens.get(key);
    if (entry == null) {
      return Optional.empty();
    }
    if (!clock.instant().isBefore(entry.validUntil())) {
      tokens.remove(key, entry);
      return Optional.empty();
    }
    return Optional.of(entry.token());
  }

  /** Stores a token; {@code expiresIn} below 60 s counts as 60 s (registry.md §4). */
  public void put(Key key, String token, Duration expiresIn, Instant issuedAt) {
    Duration lifetime = expiresIn == null || expiresIn.getSeconds() < 60 ? Duration.ofSeconds(60) : expiresIn;
    Instant issued = issuedAt == null ? clock.instant() : issuedAt;
    tokens.put(key, new Entry(token, issued.plus(lifetime).minus(SAFETY_MARGIN)));
  }

  public void invalidate(Key key) {
    tokens.remove(key);
  }

  public Optional<Challenge> challenge(String registry) {
    return Optional.ofNullable(challenges.get(registry));
  }

  public void rememberChallenge(String registry, Challenge challenge) {
    challenges.put(registry, challenge);
  }

  void countTokenRequest() {
    tokenRequests.incrementAndGet();
  }

  /** Number of token requests made through this cache (troubleshooting and tests). */
  public int tokenRequests() {
    return tokenRequests.get();
  }

  Clock clock() {
    return clock;
  }
}
