package com.astromkey.csi.provisioner;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The per-DynaKube work queue: never two passes for one key, a re-run after an enqueue during a pass, the parallel limit. */
class WorkQueueTest {
  @Test
  void anEnqueueDuringAPassRunsItOnceMoreAfterwardsNeverConcurrently() throws Exception {
    CountDownLatch firstRunning = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch secondDone = new CountDownLatch(1);
    AtomicInteger runs = new AtomicInteger();
    AtomicInteger concurrent = new AtomicInteger();
    AtomicInteger maxConcurrent = new AtomicInteger();
    try (WorkQueue queue = new WorkQueue(4, key -> {
      int now = concurrent.incrementAndGet();
      maxConcurrent.accumulateAndGet(now, Math::max);
      int run = runs.incrementAndGet();
      try {
        if (run == 1) {
          firstRunning.countDown();
          release.await(5, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        concurrent.decrementAndGet();
      }
      if (run == 2) secondDone.countDown();
      return Optional.of(Duration.ofHours(1));
    })) {
      queue.enqueue("dk");
      assertThat(firstRunning.await(5, TimeUnit.SECONDS)).isTrue();
      queue.enqueue("dk");
      queue.enqueue("dk");
      release.countDown();
      assertThat(secondDone.await(5, TimeUnit.SECONDS)).isTrue();
      Thread.sleep(200);
      assertThat(runs.get()).isEqualTo(2);
      assertThat(maxConcurrent.get()).isEqualTo(1);
    }
  }

  @Test
  void differentKeysRunInParallelUpToTheLimitAndTheRequeueIsHonoured() throws Exception {
    ConcurrentHashMap<String, AtomicInteger> runs = new ConcurrentHashMap<>();
    AtomicInteger concurrent = new AtomicInteger();
    AtomicInteger maxConcurrent = new AtomicInteger();
    CountDownLatch requeued = new CountDownLatch(1);
    try (WorkQueue queue = new WorkQueue(2, key -> {
      maxConcurrent.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
      try {
        Thread.sleep(300);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      concurrent.decrementAndGet();
      if (runs.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet() == 2 && key.equals("a")) requeued.countDown();
      return key.equals("a") ? Optional.of(Duration.ofMillis(50)) : Optional.empty();
    })) {
      for (String key : new String[] {"a", "b", "c", "d"}) queue.enqueue(key);
      assertThat(requeued.await(5, TimeUnit.SECONDS)).isTrue();
      assertThat(maxConcurrent.get()).isEqualTo(2);
      assertThat(runs.get("b").get()).isEqualTo(1);
    }
  }
}
