package com.astromkey.csi.provisioner;

import com.astromkey.csi.layout.ResolvedReference;
import com.astromkey.domain.image.ImageReference;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * When a DynaKube's image reference must be resolved again (csi-driver.md §6.1 step 2): a digest reference once, a tag
 * whenever the reference changed or the recheck period elapsed since the last resolution in {@code resolved.json}.
 */
public final class DigestRecheck {

  /** What to do with the reference in this pass. */
  public enum Action {
    /** No usable earlier resolution: full resolve. */
    RESOLVE,
    /** A tag whose period elapsed: a HEAD tells whether it still points at the recorded digest. */
    RECHECK,
    /** The recorded key is current; relink only. */
    REUSE
  }

  private final Clock clock;
  private final Duration period;

  public DigestRecheck(Clock clock, Duration period) {
    this.clock = clock;
    this.period = period;
  }

  /** {@code installed} says whether the key recorded in {@code last} is still in the cache. */
  public Action action(ImageReference reference, Optional<ResolvedReference> last, boolean installed) {
    if (last.isEmpty() || !installed || !reference.canonical().equals(last.get().reference())) return Action.RESOLVE;
    if (reference.digest() != null) return Action.REUSE;
    if (last.get().resolvedAt() == null) return Action.RECHECK;
    Instant due = last.get().resolvedAt().plus(period);
    return clock.instant().isBefore(due) ? Action.REUSE : Action.RECHECK;
  }
}
