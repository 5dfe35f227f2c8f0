package com.astromkey.webhook.server;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The requests in flight whose handler has a deadline, and one daemon thread that looks at them every {@link #TICK} and runs the
 * time-out action of each one past its deadline (webhook.md §7). A timer task per request would wake a thread whenever the
 * queue of pending requests became non-empty, i.e. on almost every request under moderate load (docs/performance.md).
 */
final class AdmissionDeadlines {
  static final Duration TICK = Duration.ofMillis(20);
  private static final Logger LOG = LoggerFactory.getLogger(AdmissionDeadlines.class);
  private static final Set<InFlight> IN_FLIGHT = ConcurrentHashMap.newKeySet();

  static {
    Thread sweeper = new Thread(AdmissionDeadlines::sweep, "admission-deadlines");
    sweeper.setDaemon(true);
    sweeper.start();
  }

  private AdmissionDeadlines() {}

  /** One request: whoever claims it first (the handler's answer or the time-out) sends the answer. */
  static final class InFlight {
    private final long deadlineNanos;
    private final Runnable onTimeout;
    private final AtomicBoolean claimed = new AtomicBoolean();

    private InFlight(long deadlineNanos, Runnable onTimeout) {
      this.deadlineNanos = deadlineNanos;
      this.onTimeout = onTimeout;
    }

    /** True for the first caller only; the request leaves the watch list. */
    boolean claim() {
      IN_FLIGHT.remove(this);
      return claimed.compareAndSet(false, true);
    }
  }

  /** Watches a request that started at {@code startNanos} ({@link System#nanoTime()}); {@code onTimeout} runs on the sweeper. */
  static InFlight watch(long startNanos, Duration deadline, Runnable onTimeout) {
    InFlight request = new InFlight(startNanos + deadline.toNanos(), onTimeout);
    IN_FLIGHT.add(request);
    return request;
  }

  private static void sweep() {
    while (true) {
      try {
        Thread.sleep(TICK.toMillis());
      } catch (InterruptedException e) {
        return;
      }
      long now = System.nanoTime();
      for (InFlight request : IN_FLIGHT) {
        if (now - request.deadlineNanos >= 0 && request.claim()) {
          try {
            request.onTimeout.run();
          } catch (RuntimeException e) {
            // the action answers the request itself; nothing is left to do for this one, the others still get swept
            LOG.error("Time-out answer failed", e);
          }
        }
      }
    }
  }
}
