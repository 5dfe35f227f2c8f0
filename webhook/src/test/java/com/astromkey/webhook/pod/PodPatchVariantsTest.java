package com.astromkey.webhook.pod;

import static org.assertj.core.api.Assertions.assertThat;

import com.astromkey.webhook.admission.AdmissionRequest;
import com.astromkey.webhook.admission.AdmissionResponse;
import com.astromkey.webhook.admission.AdmissionReviews;
import com.astromkey.webhook.fixture.ClusterFixture;
import com.astromkey.webhook.metrics.WebhookMetrics;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.zjsonpatch.JsonPatch;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The patch written from an injection's edit, applied to the request's pod the way the API server applies it, gives exactly
 * the pod that the same edit builds, for pods that already carry what injection appends to (ADR 0006) and on reinvocation.
 */
class PodPatchVariantsTest {
  static Stream<Arguments> variants() {
    List<Arguments> all = new ArrayList<>();
    for (String fixture : List.of("appmon-codemodules-image-no-csi", "appmon-zip", "cloudnative-csi-ready")) {
      for (boolean csi : new boolean[] {true, false}) {
        for (String variant : List.of("bare", "busy", "missingDynaKube")) {
          all.add(Arguments.of(fixture, csi, variant));
        }
      }
    }
    return all.stream();
  }

  @ParameterizedTest(name = "{0} csi={1} {2}")
  @MethodSource("variants")
  void patchAndEditAgreeOnFirstAdmissionAndOnReinvocation(String name, boolean csi, String variant) throws Exception {
    ClusterFixture fixture = ClusterFixture.load("pod/" + name + ".yaml");
    ObjectNode pod = AdmissionReviews.JSON.valueToTree(fixture.pod);
    if (variant.equals("busy")) {
      ObjectNode metadata = (ObjectNode) pod.get("metadata");
      metadata.putObject("annotations").put("team", "shop").put("oneagent.astromkey.com/injected", "maybe");
      ObjectNode first = (ObjectNode) pod.get("spec").get("containers").get(0);
      ArrayNode env = first.putArray("env");
      env.addObject().put("name", "LD_PRELOAD").put("value", "/lib/other.so");
      env.addObject().put("name", "MODE").put("value", "prod");
      first.putArray("volumeMounts").addObject().put("name", "data").put("mountPath", "/data");
      ObjectNode spec = (ObjectNode) pod.get("spec");
      spec.putArray("volumes").addObject().put("name", "data").putObject("emptyDir");
      spec.putArray("initContainers").addObject().put("name", "prepare").put("image", "busybox:1");
      spec.putArray("imagePullSecrets").addObject().put("name", "team-pull");
    }
    if (variant.equals("missingDynaKube")) {
      fixture.namespaces.get("shop").getMetadata().getLabels().put("dynakube.internal.astromkey.com/instance", "absent");
    }
    PodInjector injector = new PodInjector(ClusterFixture.settings(csi), fixture);

    ObjectNode admitted = assertPatchGivesTheEditedPod(injector, pod);
    assertThat(admitted).as("the first admission changes the pod").isNotEqualTo(pod);
    ((ArrayNode) admitted.get("spec").get("containers")).addObject().put("name", "late").put("image", "late/sidecar:2");
    assertPatchGivesTheEditedPod(injector, admitted);
  }

  private static ObjectNode assertPatchGivesTheEditedPod(PodInjector injector, ObjectNode pod) throws Exception {
    Pod parsed = AdmissionReviews.JSON.treeToValue(pod, Pod.class);
    InjectionResult result = injector.inject(parsed, "shop");
    AdmissionResponse response = new PodAdmission(injector, Duration.ofSeconds(8), event -> { }, new WebhookMetrics())
        .handle(new AdmissionRequest("uid-1", "Pod", "CREATE", "shop", "", "alice", false, pod, null));
    JsonNode patch = AdmissionReviews.JSON.readTree(AdmissionReviews.patchBytes(response));
    JsonNode patched = JsonPatch.apply(patch, pod);

    if (result.pod() == null) {
      assertThat(response.patch()).isEmpty();
    } else {
      // may be empty: a second "not injected" admission finds its annotations already set
      assertThat(AdmissionReviews.JSON.treeToValue(patched, Pod.class)).isEqualTo(result.pod());
    }
    assertThat(parsed).as("the admitted pod is never changed").isEqualTo(AdmissionReviews.JSON.treeToValue(pod, Pod.class));
    return (ObjectNode) patched;
  }
}
