package com.astromkey.webhook.pod;

import static com.astromkey.webhook.pod.PodInjectorDecisionTest.settings;
import static org.assertj.core.api.Assertions.assertThat;

import com.astromkey.domain.dynakube.DynaKube;
import com.astromkey.domain.names.Annotations;
import com.astromkey.webhook.admission.AdmissionRequest;
import com.astromkey.webhook.admission.AdmissionResponse;
import com.astromkey.webhook.admission.AdmissionReviews;
import com.astromkey.domain.names.PathNames;
import com.astromkey.webhook.fixture.AdmissionClient;
import com.astromkey.webhook.fixture.ClusterFixture;
import com.astromkey.webhook.server.AdmissionServer;
import com.astromkey.webhook.metrics.WebhookMetrics;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.zjsonpatch.JsonPatch;
import java.time.Duration;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The /inject handler: patches that apply, and allowed: true with a reason on every failure path (webhook.md §7). */
class PodAdmissionTest {
  private final List<PendingEvent> events = new CopyOnWriteArrayList<>();
  private final WebhookMetrics metrics = new WebhookMetrics();

  @Test
  void patchAppliedToTheRequestObjectGivesTheInjectedPod() throws Exception {
    ClusterFixture fixture = ClusterFixture.load("pod/cloudnative-csi-ready.yaml");
    JsonNode object = AdmissionReviews.JSON.valueToTree(fixture.pod);

    AdmissionResponse response = admission(fixture, Duration.ofSeconds(5)).handle(request(object));

    assertThat(response.allowed()).isTrue();
    JsonNode patched = JsonPatch.apply(AdmissionReviews.JSON.readTree(AdmissionReviews.patchBytes(response)), object);
    Pod expected = new PodInjector(settings(true), fixture).inject(fixture.pod, "shop").pod();
    assertThat(AdmissionReviews.JSON.treeToValue(patched, Pod.class)).isEqualTo(expected);
    assertThat(events).extracting(PendingEvent::reason).containsExactly("Injected");
    assertThat(metrics.scrape()).contains("astromkey_webhook_pod_injections_total{delivery=\"csi\",reason=\"Injected\"} 1.0");
  }

  @Test
  void untouchedPodGetsNoPatch() {
    ClusterFixture fixture = ClusterFixture.load("pod/cloudnative-csi-ready.yaml");
    fixture.namespaces.get("shop").getMetadata().getLabels().clear();

    AdmissionResponse response = admission(fixture, Duration.ofSeconds(5))
        .handle(request(AdmissionReviews.JSON.valueToTree(fixture.pod)));

    assertThat(response.allowed()).isTrue();
    assertThat(response.patch()).isEmpty();
  }

  @Test
  void anExceptionInTheCacheAdmitsThePodWithReasonInternalError() throws Exception {
    ClusterFixture fixture = ClusterFixture.load("pod/cloudnative-csi-ready.yaml");
    InjectionCache broken = new Delegating(fixture) {
      @Override
      public Optional<DynaKube> dynaKube(String name) {
        throw new IllegalStateException("forced");
      }
    };

    AdmissionResponse response = new PodAdmission(new PodInjector(settings(true), broken), Duration.ofSeconds(5),
        events::add, metrics).handle(request(AdmissionReviews.JSON.valueToTree(fixture.pod)));

    assertReason(response, fixture.pod, "InternalError");
    assertThat(events).extracting(PendingEvent::reason).containsExactly("InternalError");
  }

  @Test
  void aDeadlineExceededAdmitsThePodWithReasonTimeoutOnceAndDropsTheLateAnswer() throws Exception {
    ClusterFixture fixture = ClusterFixture.load("pod/cloudnative-csi-ready.yaml");
    CountDownLatch release = new CountDownLatch(1);
    InjectionCache slow = new Delegating(fixture) {
      @Override
      public Optional<Namespace> namespace(String name) {
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return super.namespace(name);
      }
    };
    PodAdmission admission = new PodAdmission(new PodInjector(settings(true), slow), Duration.ofMillis(200), events::add,
        metrics);
    byte[] body = AdmissionClient.review("Pod", "CREATE", "shop", AdmissionReviews.JSON.valueToTree(fixture.pod), null)
        .toString().getBytes(StandardCharsets.UTF_8);
    List<AdmissionServer.Answer> answers = new CopyOnWriteArrayList<>();
    CountDownLatch answered = new CountDownLatch(1);
    long start = System.nanoTime();
    Thread request = new Thread(() -> AdmissionServer.respondWithinDeadline(body, admission, metrics, start,
        PathNames.WEBHOOK_INJECT, answer -> {
          answers.add(answer);
          answered.countDown();
        }));
    request.start();

    assertThat(answered.await(5, TimeUnit.SECONDS)).as("answered at the deadline while the injection still runs").isTrue();
    assertThat(request.isAlive()).isTrue();
    release.countDown();
    request.join(5_000);

    assertThat(answers).hasSize(1);
    assertThat(answers.get(0).status()).isEqualTo(200);
    JsonNode review = AdmissionReviews.JSON.readTree(answers.get(0).body());
    assertThat(review.path("response").path("allowed").asBoolean()).isTrue();
    assertReason(AdmissionReviews.JSON.readTree(Base64.getDecoder().decode(review.path("response").path("patch").asText())),
        fixture.pod, "Timeout");
    assertThat(events).as("the late injection, whose answer was dropped, records nothing").extracting(PendingEvent::reason)
        .containsExactly("Timeout");
    assertThat(metrics.scrape()).contains("reason=\"Timeout\"").doesNotContain("delivery=\"csi\"");
    assertThat(metrics.scrape()).as("counted once, with the answer that was sent")
        .contains("astromkey_webhook_admissions_total{kind=\"pod\",result=\"allowed\"} 1.0");
  }

  @Test
  void anUnreadablePodIsAdmittedWithoutPatch() {
    ClusterFixture fixture = ClusterFixture.load("pod/cloudnative-csi-ready.yaml");
    JsonNode notAPod = AdmissionReviews.JSON.createArrayNode().add(1);

    AdmissionResponse response = admission(fixture, Duration.ofSeconds(5)).handle(request(notAPod));

    assertThat(response.allowed()).isTrue();
    assertThat(response.patch()).isEmpty();
  }

  @Test
  void dryRunRecordsNoEvents() {
    ClusterFixture fixture = ClusterFixture.load("pod/cloudnative-csi-ready.yaml");
    AdmissionRequest dryRun = new AdmissionRequest("uid-1", "Pod", "CREATE", "shop", "", "alice", true,
        AdmissionReviews.JSON.valueToTree(fixture.pod), null);

    assertThat(admission(fixture, Duration.ofSeconds(5)).handle(dryRun).patch()).isNotEmpty();
    assertThat(events).isEmpty();
  }

  private void assertReason(AdmissionResponse response, Pod pod, String reason) throws Exception {
    assertThat(response.allowed()).isTrue();
    assertReason(AdmissionReviews.JSON.readTree(AdmissionReviews.patchBytes(response)), pod, reason);
  }

  private void assertReason(JsonNode patch, Pod pod, String reason) throws Exception {
    JsonNode patched = JsonPatch.apply(patch, AdmissionReviews.JSON.valueToTree(pod));
    Pod result = AdmissionReviews.JSON.treeToValue(patched, Pod.class);
    assertThat(result.getMetadata().getAnnotations()).containsEntry(Annotations.ONEAGENT_INJECTED, "false")
        .containsEntry(Annotations.ONEAGENT_REASON, reason).containsEntry(Annotations.DYNAKUBE_REASON, reason);
    assertThat(result.getSpec().getInitContainers()).isNullOrEmpty();
  }

  private PodAdmission admission(ClusterFixture fixture, Duration deadline) {
    return new PodAdmission(new PodInjector(settings(true), fixture), deadline, events::add, metrics);
  }

  static AdmissionRequest request(JsonNode object) {
    return new AdmissionRequest("uid-1", "Pod", "CREATE", "shop", "", "alice", false, object, null);
  }

  /** Forwards to the fixture; tests override one read to break it. */
  private static class Delegating implements InjectionCache {
    private final InjectionCache delegate;

    Delegating(InjectionCache delegate) {
      this.delegate = delegate;
    }

    @Override
    public Optional<Namespace> namespace(String name) {
      return delegate.namespace(name);
    }

    @Override
    public Optional<DynaKube> dynaKube(String name) {
      return delegate.dynaKube(name);
    }

    @Override
    public Optional<Secret> operatorSecret(String name) {
      return delegate.operatorSecret(name);
    }

    @Override
    public Optional<Secret> replica(String namespace, String name) {
      return delegate.replica(namespace, name);
    }
  }
}
