package com.astromkey.csi.provisioner;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A work queue keyed by DynaKube name: at most one pass per key at a time, at most {@code parallelism} passes overall;
 * an enqueue while a pass runs makes it run once more right after; the pass's answer schedules the next one.
 */
public final class WorkQueue implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WorkQueue.class);

  private final Function<String, Optional<Duration>> pass;
  private final ExecutorService workers;
  private final ScheduledExecutorService timer;
  private final Map<String, Entry> entries = new HashMap<>();
  private boolean closed;

  /** The state of one key; guarded by the queue's lock. */
  private static final class Entry {
    boolean running;
    boolean again;
    ScheduledFuture<?> scheduled;
  }

  public WorkQueue(int parallelism, Function<String, Optional<Duration>> pass) {
    this.pass = pass;
    this.workers = Executors.newFixedThreadPool(parallelism, daemon("csi-provisioner-worker"));
    this.timer = Executors.newSingleThreadScheduledExecutor(daemon("csi-provisioner-queue"));
  }

  /** Runs the key's pass now (or right after the running one). */
  public void enqueue(String key) {
    enqueue(key, Duration.ZERO);
  }

  /** Runs the key's pass after {@code delay} unless an earlier run is already scheduled. */
  public synchronized void enqueue(String key, Duration delay) {
    Entry e = entries.computeIfAbsent(key, k -> new Entry());
    if (e.running) {
      // a delayed request is covered by the requeue the running pass returns
      if (delay.isZero()) e.again = true;
      return;
    }
    if (e.scheduled != null && !e.scheduled.isDone()) {
      if (e.scheduled.getDelay(TimeUnit.MILLISECONDS) <= delay.toMillis()) return;
      e.scheduled.cancel(false);
    }
    schedule(key, e, delay);
  }

  private void schedule(String key, Entry e, Duration delay) {
    // a pass that ends after close() has nothing left to schedule
    if (closed) return;
    if (e.scheduled != null) e.scheduled.cancel(false);
    e.scheduled = timer.schedule(() -> start(key), delay.toMillis(), TimeUnit.MILLISECONDS);
  }

  private synchronized void start(String key) {
    Entry e = entries.get(key);
    if (closed || e == null || e.running) return;
    e.running = true;
    e.scheduled = null;
    workers.execute(() -> run(key));
  }

  private void run(String key) {
    Optional<Duration> next;
    try {
      next = pass.apply(key);
    } catch (RuntimeException ex) {
      LOG.error("Provisioner pass for DynaKube {} failed unexpectedly", key, ex);
      next = Optional.of(InstallFailure.MIN_RETRY);
    }
    synchronized (this) {
      Entry e = entries.get(key);
      e.running = false;
      if (e.again) {
        e.again = false;
        schedule(key, e, Duration.ZERO);
      } else if (next.isPresent()) {
        if (e.scheduled == null || e.scheduled.isDone()) schedule(key, e, next.get());
      } else if (e.scheduled == null || e.scheduled.isDone()) {
        entries.remove(key);
      }
    }
  }

  @Override
  public void close() {
    synchronized (this) {
      closed = true;
    }
    timer.shutdownNow();
    workers.shutdownNow();
    try {
      workers.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static ThreadFactory daemon(String name) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
