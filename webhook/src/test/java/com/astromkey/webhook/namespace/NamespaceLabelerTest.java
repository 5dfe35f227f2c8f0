package com.astromkey.webhook.namespace;

import static org.assertj.core.api.Assertions.assertThat;

import com.astromkey.domain.dynakube.DynaKube;
import com.astromkey.domain.dynakube.DynaKubeSpec;
import com.astromkey.domain.dynakube.spec.ApplicationMonitoringSpec;
import com.astromkey.domain.dynakube.spec.CloudNativeFullStackSpec;
import com.astromkey.domain.dynakube.spec.HostInjectSpec;
import com.astromkey.domain.dynakube.spec.OneAgentSpec;
import com.astromkey.webhook.admission.AdmissionRequest;
import com.astromkey.webhook.admission.AdmissionResponse;
import com.astromkey.webhook.admission.AdmissionReviews;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.zjsonpatch.JsonPatch;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The /label-ns endpoint (webhook.md §5). */
class NamespaceLabelerTest {
  private static final String INSTANCE = "dynakube.internal.astromkey.com/instance";

  @Test
  void oneSelectingDynaKubeAddsTheInstanceLabel() throws Exception {
    Namespace result = apply(labeler(cloudNative("shop-dk", Map.of("team", "shop"))), namespace("web", Map.of("team", "shop")));

    assertThat(result.getMetadata().getLabels()).containsEntry(INSTANCE, "shop-dk").containsEntry("team", "shop");
  }

  @Test
  void emptySelectorSelectsEveryNamespaceButIgnoredOnes() throws Exception {
    NamespaceLabeler labeler = labeler(cloudNative("all", null));

    assertThat(apply(labeler, namespace("web", Map.of())).getMetadata().getLabels()).containsEntry(INSTANCE, "all");
    assertThat(labeler.handle(request(namespace("kube-public", Map.of()), "alice")).patch()).isEmpty();
  }

  @Test
  void noLongerSelectedNamespaceLosesOnlyTheInstanceLabel() throws Exception {
    Namespace result = apply(labeler(cloudNative("shop-dk", Map.of("team", "shop"))),
        namespace("web", Map.of("team", "payments", INSTANCE, "shop-dk")));

    assertThat(result.getMetadata().getLabels()).isEqualTo(Map.of("team", "payments"));
  }

  @Test
  void alreadyCorrectLabelGivesNoPatch() {
    AdmissionResponse response = labeler(cloudNative("shop-dk", Map.of("team", "shop")))
        .handle(request(namespace("web", Map.of("team", "shop", INSTANCE, "shop-dk")), "alice"));

    assertThat(response.allowed()).isTrue();
    assertThat(response.patch()).isEmpty();
  }

  @Test
  void twoSelectingDynaKubesDenyWithTheConflictMessage() {
    NamespaceLabeler labeler = labeler(cloudNative("b-dk", Map.of("team", "shop")), appMonitoring("a-dk", Map.of()));

    AdmissionResponse response = labeler.handle(request(namespace("web", Map.of("team", "shop")), "alice"));

    assertThat(response.allowed()).isFalse();
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.statusReason()).isEqualTo("BadRequest");
    assertThat(response.statusMessage()).isEqualTo("Namespace web is selected by several DynaKubes (a-dk, b-dk). A namespace"
        + " can be injected by one DynaKube only; change the namespace labels or the namespaceSelectors.");
  }

  @Test
  void dynaKubesWithoutAppInjectionAreNotCounted() throws Exception {
    DynaKube host = dk("host");
    host.getSpec().getOneAgent().setHostMonitoring(new HostInjectSpec());

    Namespace result = apply(labeler(host, cloudNative("shop-dk", Map.of())), namespace("web", Map.of()));

    assertThat(result.getMetadata().getLabels()).containsEntry(INSTANCE, "shop-dk");
  }

  @Test
  void operatorNamespaceAndOperatorRequestsAreSkipped() {
    NamespaceLabeler labeler = labeler(cloudNative("all", null));

    assertThat(labeler.handle(request(namespace("astromkey", Map.of()), "alice")).patch()).isEmpty();
    assertThat(labeler.handle(request(namespace("web", Map.of()), "system:serviceaccount:astromkey:astromkey-operator"))
        .patch()).isEmpty();
  }

  private static Namespace apply(NamespaceLabeler labeler, Namespace namespace) throws Exception {
    AdmissionResponse response = labeler.handle(request(namespace, "alice"));
    assertThat(response.allowed()).isTrue();
    JsonNode patched = JsonPatch.apply(AdmissionReviews.JSON.readTree(AdmissionReviews.patchBytes(response)),
        AdmissionReviews.JSON.valueToTree(namespace));
    return AdmissionReviews.JSON.treeToValue(patched, Namespace.class);
  }

  private static NamespaceLabeler labeler(DynaKube... dynaKubes) {
    return new NamespaceLabeler("astromkey", () -> List.of(dynaKubes));
  }

  private static AdmissionRequest request(Namespace namespace, String user) {
    return new AdmissionRequest("uid", "Namespace", "CREATE", "", namespace.getMetadata().getName(), user, false,
        AdmissionReviews.JSON.valueToTree(namespace), null);
  }

  private static Namespace namespace(String name, Map<String, String> labels) {
    return new NamespaceBuilder().withMetadata(new ObjectMetaBuilder().withName(name)
        .withLabels(labels.isEmpty() ? null : labels).build()).build();
  }

  private static DynaKube cloudNative(String name, Map<String, String> selector) {
    DynaKube dk = dk(name);
    CloudNativeFullStackSpec spec = new CloudNativeFullStackSpec();
    if (selector != null) {
      spec.setNamespaceSelector(new LabelSelectorBuilder().withMatchLabels(selector).build());
    }
    dk.getSpec().getOneAgent().setCloudNativeFullStack(spec);
    return dk;
  }

  private static DynaKube appMonitoring(String name, Map<String, String> selector) {
    DynaKube dk = dk(name);
    ApplicationMonitoringSpec spec = new ApplicationMonitoringSpec();
    spec.setNamespaceSelector(new LabelSelectorBuilder().withMatchLabels(selector).build());
    dk.getSpec().getOneAgent().setApplicationMonitoring(spec);
    return dk;
  }

  private static DynaKube dk(String name) {
    DynaKube dk = new DynaKube();
    dk.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("astromkey").build());
    DynaKubeSpec spec = new DynaKubeSpec();
    spec.setApiUrl("https://abc12345.live.astromkey.com/api");
    spec.setOneAgent(new OneAgentSpec());
    dk.setSpec(spec);
    return dk;
  }
}
