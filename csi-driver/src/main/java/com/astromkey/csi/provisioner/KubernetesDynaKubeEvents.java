package com.astromkey.csi.provisioner;

import com.astromkey.domain.dynakube.DynaKube;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DynaKube events through the Kubernetes API. The same reason and message for a DynaKube is sent at most once per hour,
 * so a pull that keeps failing the same way does not flood the namespace while a new failure is still reported.
 */
public final class KubernetesDynaKubeEvents implements DynaKubeEvents {
  private static final Logger LOG = LoggerFactory.getLogger(KubernetesDynaKubeEvents.class);
  static final String COMPONENT = "astromkey-csi-provisioner";
  static final Duration DEDUP_WINDOW = Duration.ofHours(1);

  private final KubernetesClient client;
  private final String namespace;
  private final String node;
  private final Clock clock;
  private final Map<String, Instant> lastSent = new ConcurrentHashMap<>();

  public KubernetesDynaKubeEvents(KubernetesClient client, String namespace, String node, Clock clock) {
    this.client = client;
    this.namespace = namespace;
    this.node = node;
    this.clock = clock;
  }

  @Override
  public void normal(String dynakube, String reason, String message) {
    record(dynakube, "Normal", reason, message);
  }

  @Override
  public void warning(String dynakube, String reason, String message) {
    record(dynakube, "Warning", reason, message);
  }

  private void record(String dynakube, String type, String reason, String message) {
    Instant now = clock.instant();
    String key = dynakube + "/" + reason + "/" + message;
    Instant previous = lastSent.get(key);
    if (previous != null && previous.plus(DEDUP_WINDOW).isAfter(now)) return;
    lastSent.put(key, now);
    Event event = new EventBuilder()
        .withNewMetadata().withGenerateName(dynakube + ".").withNamespace(namespace).endMetadata()
        .withNewInvolvedObject().withApiVersion(DynaKube.API_VERSION).withKind(DynaKube.KIND).withNamespace(namespace)
        .withName(dynakube).endInvolvedObject()
        .withType(type)
        .withReason(reason)
        .withMessage("node " + node + ": " + message)
        .withNewSource().withComponent(COMPONENT).withHost(node).endSource()
        .withFirstTimestamp(now.toString())
        .withLastTimestamp(now.toString())
        .withCount(1)
        .build();
    try {
      client.v1().events().inNamespace(namespace).resource(event).create();
    } catch (KubernetesClientException e) {
      lastSent.remove(key, now);
      LOG.warn("Could not record event {} on DynaKube {}: {}", reason, dynakube, e.getMessage());
    }
  }
}
