package com.astromkey.operator.activegate;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** When the ActiveGate auth token is replaced (operator.md §6.2: recreated when older than 29 days). */
class AuthTokenSecretTest {
  @ParameterizedTest
  @CsvSource({"2026-01-01T00:00:00Z, false", "2026-01-29T23:00:00Z, false", "2026-01-30T01:00:00Z, true"})
  void renewedAfterTwentyNineDays(Instant now, boolean renew) {
    Secret existing = new SecretBuilder().withNewMetadata().withName("dk-activegate-authtoken-secret")
        .withCreationTimestamp("2026-01-01T00:00:00Z").endMetadata().build();

    assertThat(AuthTokenSecret.needsNewToken(existing, now)).isEqualTo(renew);
    assertThat(AuthTokenSecret.needsNewToken(null, now)).isTrue();
  }
}
