package com.astromkey.csi.provisioner;

import static org.assertj.core.api.Assertions.assertThat;

import com.astromkey.csi.layout.ResolvedReference;
import com.astromkey.csi.provisioner.DigestRecheck.Action;
import com.astromkey.sandbox.time.TestClock;
import com.astromkey.domain.image.ImageReference;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** When a tag or digest reference is resolved again (§6.1 step 2), driven by a test clock. */
class DigestRecheckTest {
  private static final String DIGEST = "sha256:" + "ab".repeat(32);
  private final TestClock clock = TestClock.atNow();
  private final DigestRecheck recheck = new DigestRecheck(clock, Duration.ofMinutes(30));

  private Optional<ResolvedReference> last(ImageReference ref) {
    return Optional.of(new ResolvedReference(ref.canonical(), DIGEST, "sha256-" + "cd".repeat(32), clock.instant()));
  }

  @Test
  void firstSightOrMissingKeyResolves() {
    ImageReference tag = ImageReference.parse("registry.example.com/cm:1");
    assertThat(recheck.action(tag, Optional.empty(), false)).isEqualTo(Action.RESOLVE);
    assertThat(recheck.action(tag, last(tag), false)).isEqualTo(Action.RESOLVE);
  }

  @Test
  void aTagIsRecheckedOnlyAfterThePeriod() {
    ImageReference tag = ImageReference.parse("registry.example.com/cm:1");
    Optional<ResolvedReference> last = last(tag);
    clock.advance(Duration.ofMinutes(29));
    assertThat(recheck.action(tag, last, true)).isEqualTo(Action.REUSE);
    clock.advance(Duration.ofMinutes(1));
    assertThat(recheck.action(tag, last, true)).isEqualTo(Action.RECHECK);
  }

  @Test
  void aChangedReferenceResolvesAtOnce() {
    ImageReference old = ImageReference.parse("registry.example.com/cm:1");
    ImageReference changed = ImageReference.parse("registry.example.com/cm:2");
    assertThat(recheck.action(changed, last(old), true)).isEqualTo(Action.RESOLVE);
  }

  @Test
  void aDigestReferenceIsResolvedOnce() {
    ImageReference pinned = ImageReference.parse("registry.example.com/cm@" + DIGEST);
    Optional<ResolvedReference> last = last(pinned);
    clock.advance(Duration.ofDays(3));
    assertThat(recheck.action(pinned, last, true)).isEqualTo(Action.REUSE);
  }
}
