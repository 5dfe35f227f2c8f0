package com.astromkey.operator.events;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records Kubernetes Events on our objects; the same reason and message on one object at most once per hour
 * (operator.md §14). Events are best effort: a failed write is logged and never fails a reconcile.
 */
public final class EventRecorder {
  public static final String NORMAL = "Normal";
  public static final String WARNING = "Warning";
  static final Duration REPEAT_AFTER = Duration.ofHours(1);
  private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);
  private static final String COMPONENT = "astromkey-operator";

  private final KubernetesClient client;
  private final Clock clock;
  private final Map<String, Instant> lastRecorded = new ConcurrentHashMap<>();

  public EventRecorder(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  public void normal(HasMetadata object, String reason, String message) {
    record(object, NORMAL, reason, message);
  }

  public void warning(HasMetadata object, String reason, String message) {
    record(object, WARNING, reason, message);
  }

  /** Records unless the same (object, reason, message) was recorded within the last hour. */
  public void record(HasMetadata object, String type, String reason, String message) {
    Instant now = clock.instant();
    String key = object.getMetadata().getUid() + "|" + reason + "|" + message;
    Instant last = lastRecorded.get(key);
    if (last != null && Duration.between(last, now).compareTo(REPEAT_AFTER) < 0) {
      return;
    }
    lastRecorded.put(key, now);
    String namespace = object.getMetadata().getNamespace();
    Event event = new EventBuilder()
        .withNewMetadata()
          .withName(object.getMetadata().getName() + "." + UUID.randomUUID().toString().replace("-", "").substring(0, 16))
          .withNamespace(namespace)
        .endMetadata()
        .withNewInvolvedObject()
          .withApiVersion(object.getApiVersion()).withKind(object.getKind()).withName(object.getMetadata().getName())
          .withNamespace(namespace).withUid(object.getMetadata().getUid())
        .endInvolvedObject()
        .withType(type).withReason(reason).withMessage(message)
        .withFirstTimestamp(now.toString()).withLastTimestamp(now.toString()).withCount(1)
        .withNewSource().withComponent(COMPONENT).endSource()
        .build();
    try {
      client.v1().events().inNamespace(namespace).resource(event).create();
      LOG.info("Event {} {} on {} {}: {}", type, reason, object.getKind(), object.getMetadata().getName(), message);
    } catch (KubernetesClientException e) {
      LOG.warn("Could not record event {} on {} {}: HTTP {}", reason, object.getKind(), object.getMetadata().getName(),
          e.getCode());
    }
  }

  /** Forgets the deduplication state of a deleted object. */
  public void forget(String uid) {
    lastRecorded.keySet().removeIf(key -> key.startsWith(uid + "|"));
  }
}
