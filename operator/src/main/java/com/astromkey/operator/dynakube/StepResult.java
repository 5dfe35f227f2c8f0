package com.astromkey.operator.dynakube;

import java.time.Duration;
import java.util.Optional;

/** How one component step of operator.md §3.1 ended. */
public record StepResult(Kind kind, Optional<Duration> retryAfter, Exception error) {
  /** DONE: finished; POSTPONED: no endpoints yet; UNAVAILABLE: tenant 429/503; FAILED: error, phase Error; STOPPED: invalid input, condition set. */
  public enum Kind { DONE, POSTPONED, UNAVAILABLE, FAILED, STOPPED }

  public static StepResult done() {
    return new StepResult(Kind.DONE, Optional.empty(), null);
  }

  public static StepResult postponed() {
    return new StepResult(Kind.POSTPONED, Optional.empty(), null);
  }

  public static StepResult unavailable(Optional<Duration> retryAfter) {
    return new StepResult(Kind.UNAVAILABLE, retryAfter, null);
  }

  public static StepResult failed(Exception error) {
    return new StepResult(Kind.FAILED, Optional.empty(), error);
  }

  public static StepResult stopped() {
    return new StepResult(Kind.STOPPED, Optional.empty(), null);
  }

  public boolean is(Kind other) {
    return kind == other;
  }
}
