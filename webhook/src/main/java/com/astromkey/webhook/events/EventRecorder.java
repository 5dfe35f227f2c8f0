package com.astromkey.webhook.events;

import com.astromkey.domain.names.ObjectNames;
import com.astromkey.webhook.pod.PendingEvent;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends Namespace events from a background thread so that admissions never wait for the API server; each rate-limit key is
 * recorded at most once per interval, and a full queue drops events rather than blocking.
 */
public final class EventRecorder implements AutoCloseable {
  public static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(1);
  static final String SOURCE_COMPONENT = ObjectNames.WEBHOOK_DEPLOYMENT;
  private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);
  private static final int CAPACITY = 1000;

  private final KubernetesClient client;
  private final Clock clock;
  private final Duration interval;
  private final BlockingQueue<PendingEvent> queue = new ArrayBlockingQueue<>(CAPACITY);
  private final Map<String, Instant> lastRecorded = new ConcurrentHashMap<>();
  private volatile Thread sender;
  private volatile boolean running;

  public EventRecorder(KubernetesClient client, Clock clock, Duration interval) {
    this.client = client;
    this.clock = clock;
    this.interval = interval;
  }

  /** Called on the admission path: only an in-memory check and an offer. */
  public void record(PendingEvent event) {
    Instant now = clock.instant();
    Instant[] accepted = new Instant[1];
    lastRecorded.compute(event.rateLimitKey(), (key, last) -> {
      if (last != null && Duration.between(last, now).compareTo(interval) < 0) {
        return last;
      }
      accepted[0] = now;
      return now;
    });
    if (accepted[0] != null && !queue.offer(event)) {
      LOG.debug("Event queue full; dropped {} {}", event.reason(), event.namespace());
    }
  }

  public void start() {
    running = true;
    Thread thread = new Thread(this::run, "webhook-events");
    thread.setDaemon(true);
    sender = thread;
    thread.start();
  }

  /** Events waiting to be sent (tests). */
  public int pending() {
    return queue.size();
  }

  private void run() {
    while (running) {
      try {
        PendingEvent event = queue.poll(1, TimeUnit.SECONDS);
        if (event != null) {
          send(event);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private void send(PendingEvent event) {
    String now = clock.instant().toString();
    try {
      client.v1().events().inNamespace(event.namespace()).resource(new EventBuilder()
          .withNewMetadata().withName(event.namespace() + "." + UUID.randomUUID().toString().substring(0, 8))
          .withNamespace(event.namespace()).endMetadata()
          .withNewInvolvedObject().withApiVersion("v1").withKind("Namespace").withName(event.namespace()).endInvolvedObject()
          .withType(event.type())
          .withReason(event.reason())
          .withMessage(event.message())
          .withNewSource().withComponent(SOURCE_COMPONENT).endSource()
          .withFirstTimestamp(now)
          .withLastTimestamp(now)
          .withCount(1)
          .build()).create();
    } catch (KubernetesClientException e) {
      LOG.warn("Could not record event {} on namespace {}: {}", event.reason(), event.namespace(), e.getMessage());
    }
  }

  @Override
  public void close() {
    running = false;
    Thread thread = sender;
    if (thread != null) {
      thread.interrupt();
    }
  }
}
