package com.astromkey.csi.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.astromkey.sandbox.time.TestClock;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The CodeModulesUnavailable pod event against fabric8's mock API server, with its hourly de-duplication. */
@EnableKubernetesMockClient(crud = true)
class KubernetesPodEventsMockTest {
  static KubernetesClient client;

  private List<Event> events() {
    return client.v1().events().inNamespace("shop").list().getItems();
  }

  @Test
  void warnsOnThePodOncePerHour() throws Exception {
    TestClock clock = TestClock.atNow();
    try (KubernetesPodEvents events = new KubernetesPodEvents(client, clock)) {
      events.codeModulesUnavailable("shop", "app-7d9f", "dynakube", "node-a");
      events.codeModulesUnavailable("shop", "app-7d9f", "dynakube", "node-a");
      events.codeModulesUnavailable("shop", "other", "dynakube", "node-a");
      clock.advance(Duration.ofMinutes(61));
      events.codeModulesUnavailable("shop", "app-7d9f", "dynakube", "node-a");
    }
    // events go out on a background thread; the mock's first answer can take a few seconds on a cold JVM
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
    while (events().size() < 3 && System.nanoTime() < deadline) Thread.sleep(100);
    List<Event> sent = events();
    assertThat(sent).hasSize(3);
    Event first = sent.stream().filter(e -> e.getInvolvedObject().getName().equals("app-7d9f")).findFirst().orElseThrow();
    assertThat(first.getType()).isEqualTo("Warning");
    assertThat(first.getReason()).isEqualTo("CodeModulesUnavailable");
    assertThat(first.getInvolvedObject().getKind()).isEqualTo("Pod");
    assertThat(first.getMessage()).startsWith("node node-a: code modules for DynaKube dynakube");
    assertThat(first.getSource().getComponent()).isEqualTo("astromkey-csi-driver");
  }
}
