package com.astromkey.operator.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.astromkey.sandbox.time.TestClock;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Event de-duplication per object, reason and message. */
@EnableKubernetesMockClient(crud = true)
class EventRecorderMockTest {
  static KubernetesClient client;

  @Test
  void theSameReasonAndMessageAtMostOncePerHour() {
    TestClock clock = new TestClock(Instant.parse("2026-01-01T00:00:00Z"));
    EventRecorder events = new EventRecorder(client, clock);
    ConfigMap object = new ConfigMapBuilder().withNewMetadata().withName("dk").withNamespace("ns").withUid("u1")
        .endMetadata().build();

    events.warning(object, "CustomPullSecretNotFound", "missing");
    events.warning(object, "CustomPullSecretNotFound", "missing");
    events.warning(object, "CustomPullSecretNotFound", "other text");
    clock.advance(Duration.ofMinutes(61));
    events.warning(object, "CustomPullSecretNotFound", "missing");

    assertThat(client.v1().events().inNamespace("ns").list().getItems()).extracting(Event::getMessage)
        .containsExactlyInAnyOrder("missing", "other text", "missing");
    assertThat(client.v1().events().inNamespace("ns").list().getItems()).allSatisfy(e -> {
      assertThat(e.getType()).isEqualTo("Warning");
      assertThat(e.getInvolvedObject().getUid()).isEqualTo("u1");
    });
  }
}
