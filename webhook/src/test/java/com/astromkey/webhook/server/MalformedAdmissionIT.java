package com.astromkey.webhook.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.astromkey.domain.names.PathNames;
import com.astromkey.webhook.admission.AdmissionReviews;
import com.astromkey.webhook.fixture.AdmissionClient;
import com.astromkey.webhook.fixture.ClusterFixture;
import com.astromkey.webhook.fixture.WebhookHarness;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.zjsonpatch.JsonPatch;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Hostile or broken bodies over real HTTPS: each gets a quick 400 or an allowing review, and the server keeps serving. */
class MalformedAdmissionIT {
  private static final Duration QUICK = Duration.ofSeconds(5);
  private static WebhookHarness harness;
  private static AdmissionClient client;

  @BeforeAll
  static void start() throws Exception {
    harness = WebhookHarness.start(ClusterFixture.load("pod/cloudnative-csi-ready.yaml"), true);
    client = harness.client();
  }

  @AfterAll
  static void stop() {
    harness.close();
  }

  /** Every case must leave the server able to inject a normal pod. */
  @AfterEach
  void normalReviewStillSucceeds() throws Exception {
    JsonNode pod = podJson();
    JsonNode response = client.admit(PathNames.WEBHOOK_INJECT, AdmissionClient.review("Pod", "CREATE", "shop", pod, null));
    Pod injected = AdmissionReviews.JSON.treeToValue(JsonPatch.apply(AdmissionClient.patch(response), pod), Pod.class);
    assertThat(injected.getMetadata().getAnnotations()).containsEntry("oneagent.astromkey.com/injected", "true");
  }

  @Test
  void notJsonIsHttp400() throws Exception {
    assertThat(timed("{\"apiVersion\": \"admission.k8s.io/v1\", \"kind\": ").statusCode()).isEqualTo(400);
  }

  @Test
  void wrongKindIsHttp400() throws Exception {
    ObjectNode review = AdmissionClient.review("Pod", "CREATE", "shop", podJson(), null);
    review.put("kind", "Pod");

    assertThat(timed(review.toString()).statusCode()).isEqualTo(400);
  }

  @Test
  void missingRequestUidIsHttp400() throws Exception {
    ObjectNode review = AdmissionClient.review("Pod", "CREATE", "shop", podJson(), null);
    ((ObjectNode) review.get("request")).remove("uid");

    assertThat(timed(review.toString()).statusCode()).isEqualTo(400);
  }

  @Test
  void randomBytesAreHttp400() throws Exception {
    byte[] noise = new byte[64 * 1024];
    new Random(42).nextBytes(noise);

    long start = System.nanoTime();
    HttpResponse<String> response = client.post(PathNames.WEBHOOK_INJECT, noise);

    assertThat(Duration.ofNanos(System.nanoTime() - start)).as("answer time").isLessThan(QUICK);
    assertThat(response.statusCode()).isEqualTo(400);
  }

  @Test
  void podThatIsNoObjectIsAllowedUntouched() throws Exception {
    ObjectNode review = AdmissionClient.review("Pod", "CREATE", "shop", AdmissionReviews.JSON.getNodeFactory().textNode("pod"),
        null);

    JsonNode response = allowedReview(review);

    assertThat(response.has("patch")).isFalse();
  }

  @Test
  void fiveMegabyteReviewIsAnsweredAndStillInjects() throws Exception {
    ObjectNode pod = podJson();
    // A large annotation is the realistic way a pod grows: the API server accepts up to 256 KiB, here 20 times that.
    ((ObjectNode) pod.get("metadata")).putObject("annotations").put("example.com/blob", "x".repeat(5 * 1024 * 1024));
    ObjectNode review = AdmissionClient.review("Pod", "CREATE", "shop", pod, null);

    JsonNode response = allowedReview(review);

    Pod injected = AdmissionReviews.JSON.treeToValue(JsonPatch.apply(AdmissionClient.patch(response), pod), Pod.class);
    assertThat(injected.getMetadata().getAnnotations()).containsEntry("oneagent.astromkey.com/injected", "true");
    assertThat(injected.getMetadata().getAnnotations().get("example.com/blob")).hasSize(5 * 1024 * 1024);
  }

  @Test
  void podWithFiveHundredContainersIsInjectedIntoEach() throws Exception {
    ObjectNode pod = podJson();
    ArrayNode containers = ((ObjectNode) pod.get("spec")).putArray("containers");
    for (int i = 0; i < 500; i++) {
      containers.addObject().put("name", "c" + i).put("image", "registry.my-company.com/shop/app:" + i);
    }
    ObjectNode review = AdmissionClient.review("Pod", "CREATE", "shop", pod, null);

    JsonNode response = allowedReview(review);

    Pod injected = AdmissionReviews.JSON.treeToValue(JsonPatch.apply(AdmissionClient.patch(response), pod), Pod.class);
    assertThat(injected.getSpec().getContainers()).hasSize(500)
        .allSatisfy(container -> assertThat(container.getVolumeMounts()).hasSize(3));
    assertThat(injected.getSpec().getInitContainers().get(0).getArgs())
        .filteredOn(arg -> arg.startsWith("--attribute-container=")).hasSize(500);
  }

  private static ObjectNode podJson() {
    return AdmissionReviews.JSON.valueToTree(harness.fixture.pod);
  }

  private static HttpResponse<String> timed(String body) throws Exception {
    long start = System.nanoTime();
    HttpResponse<String> response = client.post(PathNames.WEBHOOK_INJECT, body);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).as("answer time").isLessThan(QUICK);
    return response;
  }

  private static JsonNode allowedReview(ObjectNode review) throws Exception {
    HttpResponse<String> http = timed(review.toString());
    assertThat(http.statusCode()).isEqualTo(200);
    JsonNode root = AdmissionReviews.JSON.readTree(http.body());
    assertThat(root.path("apiVersion").asText()).isEqualTo(AdmissionReviews.API_VERSION);
    assertThat(root.path("kind").asText()).isEqualTo(AdmissionReviews.KIND);
    JsonNode response = root.path("response");
    assertThat(response.path("uid").asText()).isEqualTo(review.path("request").path("uid").asText());
    assertThat(response.path("allowed").asBoolean()).isTrue();
    return response;
  }
}
