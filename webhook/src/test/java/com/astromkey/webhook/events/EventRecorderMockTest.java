package com.astromkey.webhook.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.astromkey.sandbox.time.TestClock;
import com.astromkey.webhook.pod.PendingEvent;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Events leave from the background thread, at most one per key and interval. */
@EnableKubernetesMockClient(crud = true)
class EventRecorderMockTest {
  KubernetesClient client;

  @Test
  void sameKeyWithinTheIntervalIsRecordedOnce() {
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("shop").endMetadata().build()).create();
    TestClock clock = new TestClock(Instant.parse("2026-11-27T08:00:00Z"));
    try (EventRecorder recorder = new EventRecorder(client, clock, Duration.ofMinutes(1))) {
      PendingEvent injected = new PendingEvent("shop", PendingEvent.NORMAL, "Injected", "Pods are injected.", "injected/dk");

      recorder.record(injected);
      recorder.record(injected);
      clock.advance(Duration.ofSeconds(61));
      recorder.record(injected);
      recorder.record(new PendingEvent("shop", PendingEvent.WARNING, "NoPullSecret", "No pull secret.", "shop/NoPullSecret"));
      assertThat(recorder.pending()).as("queued, nothing sent before the sender runs").isEqualTo(3);
      recorder.start();

      await().atMost(Duration.ofSeconds(10)).until(() -> events().size() == 3);
      assertThat(events()).extracting(Event::getReason).containsExactlyInAnyOrder("Injected", "Injected", "NoPullSecret");
      assertThat(events()).allSatisfy(event -> {
        assertThat(event.getInvolvedObject().getKind()).isEqualTo("Namespace");
        assertThat(event.getInvolvedObject().getName()).isEqualTo("shop");
        assertThat(event.getSource().getComponent()).isEqualTo("astromkey-webhook");
      });
    }
  }

  private List<Event> events() {
    return client.v1().events().inNamespace("shop").list().getItems();
  }

}
