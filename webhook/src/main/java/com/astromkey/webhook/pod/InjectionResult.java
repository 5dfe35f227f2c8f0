package com.astromkey.webhook.pod;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;

/** The outcome of pod injection: the fully built pod to diff against (null = untouched) and what to report about it. */
public record InjectionResult(Outcome outcome, Pod pod, NotInjectedReason reason, Delivery delivery, List<PendingEvent> events) {

  /** What happened to the pod. */
  public enum Outcome { UNTOUCHED, NOT_INJECTED, INJECTED, REINVOKED }

  public InjectionResult {
    events = events == null ? List.of() : List.copyOf(events);
  }

  public static InjectionResult untouched() {
    return new InjectionResult(Outcome.UNTOUCHED, null, null, null, List.of());
  }

  /** The not-injected reason, {@code Injected}, {@code Reinvoked} or {@code Untouched}; the metric uses the first two. */
  public String reasonLabel() {
    switch (outcome) {
      case NOT_INJECTED: return reason.name();
      case INJECTED: return "Injected";
      case REINVOKED: return "Reinvoked";
      default: return "Untouched";
    }
  }
}
