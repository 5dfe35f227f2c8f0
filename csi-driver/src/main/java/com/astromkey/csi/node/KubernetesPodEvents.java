package com.astromkey.csi.node;

import com.astromkey.domain.names.CsiEventReasons;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Pod events through the Kubernetes API, sent off the gRPC thread and at most once per hour per pod and reason (§9). */
public final class KubernetesPodEvents implements PodEvents, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(KubernetesPodEvents.class);
  static final String REASON_UNAVAILABLE = CsiEventReasons.CODE_MODULES_UNAVAILABLE;
  static final String COMPONENT = "astromkey-csi-driver";
  static final Duration DEDUP_WINDOW = Duration.ofHours(1);

  private final KubernetesClient client;
  private final Clock clock;
  private final Map<String, Instant> lastSent = new ConcurrentHashMap<>();
  private final ExecutorService sender = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "csi-pod-events");
    t.setDaemon(true);
    return t;
  });

  public KubernetesPodEvents(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  @Override
  public void codeModulesUnavailable(String namespace, String pod, String dynakube, String node) {
    PodEvents.logging().codeModulesUnavailable(namespace, pod, dynakube, node);
    Instant now = clock.instant();
    String key = REASON_UNAVAILABLE + "/" + namespace + "/" + pod;
    Instant previous = lastSent.get(key);
    if (previous != null && previous.plus(DEDUP_WINDOW).isAfter(now)) return;
    lastSent.put(key, now);
    Event event = new EventBuilder()
        .withNewMetadata().withGenerateName(pod + ".").withNamespace(namespace).endMetadata()
        .withNewInvolvedObject().withApiVersion("v1").withKind("Pod").withNamespace(namespace).withName(pod).endInvolvedObject()
        .withType("Warning")
        .withReason(REASON_UNAVAILABLE)
        .withMessage("node " + node + ": code modules for DynaKube " + dynakube
            + " were not installed within the volume's retryTimeout; the pod runs without them")
        .withNewSource().withComponent(COMPONENT).withHost(node).endSource()
        .withFirstTimestamp(now.toString())
        .withLastTimestamp(now.toString())
        .withCount(1)
        .build();
    sender.execute(() -> {
      try {
        client.v1().events().inNamespace(namespace).resource(event).create();
      } catch (KubernetesClientException e) {
        LOG.warn("Could not record event {} on pod {}/{}: {}", REASON_UNAVAILABLE, namespace, pod, e.getMessage());
      }
    });
  }

  /** Waits briefly for queued events, so that a shutdown right after a publish still reports it. */
  @Override
  public void close() {
    sender.shutdown();
    try {
      sender.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
