package com.astromkey.webhook.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Reading v1 AdmissionReviews and writing their responses (webhook.md §2). */
class AdmissionReviewsTest {
  @Test
  void readsTheFieldsHandlersUse() throws Exception {
    AdmissionRequest request = AdmissionReviews.parse(("{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\","
        + "\"request\":{\"uid\":\"u-1\",\"kind\":{\"group\":\"\",\"version\":\"v1\",\"kind\":\"Pod\"},\"operation\":\"CREATE\","
        + "\"namespace\":\"shop\",\"userInfo\":{\"username\":\"alice\"},\"dryRun\":true,\"object\":{\"kind\":\"Pod\"}}}")
        .getBytes(StandardCharsets.UTF_8));

    assertThat(request.uid()).isEqualTo("u-1");
    assertThat(request.kind()).isEqualTo("Pod");
    assertThat(request.operation()).isEqualTo("CREATE");
    assertThat(request.namespace()).isEqualTo("shop");
    assertThat(request.username()).isEqualTo("alice");
    assertThat(request.dryRun()).isTrue();
    assertThat(request.object().path("kind").asText()).isEqualTo("Pod");
    assertThat(request.hasOldObject()).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "not json",
      "[]",
      "{\"apiVersion\":\"admission.k8s.io/v1beta1\",\"kind\":\"AdmissionReview\",\"request\":{\"uid\":\"u\"}}",
      "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"Pod\",\"request\":{\"uid\":\"u\"}}",
      "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\"}",
      "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"request\":{}}"})
  void rejectsAnythingButAV1ReviewWithAUid(String body) {
    assertThatThrownBy(() -> AdmissionReviews.parse(body.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(AdmissionReviews.BadReviewException.class);
  }

  @Test
  void writesPatchAsBase64JsonPatchAndEchoesTheUid() throws Exception {
    JsonNode value = AdmissionReviews.JSON.readTree("\"x\"");
    byte[] body = AdmissionReviews.write("u-2", AdmissionResponse.allowWithPatch(List.of(PatchOperation.add("/a", value))));

    JsonNode root = AdmissionReviews.JSON.readTree(body);
    assertThat(root.path("apiVersion").asText()).isEqualTo("admission.k8s.io/v1");
    assertThat(root.path("kind").asText()).isEqualTo("AdmissionReview");
    assertThat(root.path("response").path("uid").asText()).isEqualTo("u-2");
    assertThat(root.path("response").path("allowed").asBoolean()).isTrue();
    assertThat(root.path("response").path("patchType").asText()).isEqualTo("JSONPatch");
    assertThat(new String(Base64.getDecoder().decode(root.path("response").path("patch").asText()), StandardCharsets.UTF_8))
        .isEqualTo("[{\"op\":\"add\",\"path\":\"/a\",\"value\":\"x\"}]");
  }

  @Test
  void writesDenialStatusAndWarnings() throws Exception {
    byte[] body = AdmissionReviews.write("u-3", AdmissionResponse.deny(422, "Invalid", "bad", List.of("[AKW-003] w")));

    JsonNode response = AdmissionReviews.JSON.readTree(body).path("response");
    assertThat(response.path("allowed").asBoolean()).isFalse();
    assertThat(response.has("patch")).isFalse();
    assertThat(response.path("status").path("code").asInt()).isEqualTo(422);
    assertThat(response.path("status").path("reason").asText()).isEqualTo("Invalid");
    assertThat(response.path("status").path("message").asText()).isEqualTo("bad");
    assertThat(response.path("warnings").get(0).asText()).isEqualTo("[AKW-003] w");
  }
}
