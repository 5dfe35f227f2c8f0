package com.astromkey.webhook.pod;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;

/** The outcome of pod injection: the edit of the admitted pod (null = untouched) and what to report about it. */
public record InjectionResult(Outcome outcome, Pod admitted, PodEdit edit, NotInjectedReason reason, Delivery delivery,
    List<PendingEvent> events) {

  /** What happened to the pod. */
  public enum Outcome { UNTOUCHED, NOT_INJECTED, INJECTED, REINVOKED }

  public InjectionResult {
    events = events == null ? List.of() : List.copyOf(events);
  }

  public static InjectionResult untouched() {
    return new InjectionResult(Outcome.UNTOUCHED, null, null, null, null, List.of());
  }

  /** The mutated pod, built on each call from a copy of the admitted one; null when the pod is untouched. */
  public Pod pod() {
    return edit == null ? null : edit.applyTo(admitted);
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
