package com.astromkey.packaging.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.scheduling.v1.PriorityClass;
import io.fabric8.kubernetes.api.model.storage.CSIDriver;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The plain manifests and a default render read back as fabric8 model objects of the expected classes (an unknown apiVersion
 * or kind would come back as a GenericKubernetesResource), with no field the model does not know (a misspelt field would land
 * in additionalProperties and be ignored by the API server).
 */
class ManifestObjectsTest {
  static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
  static final Map<String, Class<? extends HasMetadata>> WITHOUT_CSI = Map.ofEntries(
      Map.entry("CustomResourceDefinition", CustomResourceDefinition.class),
      Map.entry("ServiceAccount", ServiceAccount.class),
      Map.entry("ClusterRole", ClusterRole.class),
      Map.entry("ClusterRoleBinding", ClusterRoleBinding.class),
      Map.entry("Role", Role.class),
      Map.entry("RoleBinding", RoleBinding.class),
      Map.entry("ConfigMap", ConfigMap.class),
      Map.entry("Service", Service.class),
      Map.entry("Deployment", Deployment.class),
      Map.entry("PodDisruptionBudget", PodDisruptionBudget.class),
      Map.entry("MutatingWebhookConfiguration", MutatingWebhookConfiguration.class),
      Map.entry("ValidatingWebhookConfiguration", ValidatingWebhookConfiguration.class));
  static final Map<String, Class<? extends HasMetadata>> CSI_ONLY = Map.of(
      "CSIDriver", CSIDriver.class, "DaemonSet", DaemonSet.class, "PriorityClass", PriorityClass.class);

  static Map<String, Class<? extends HasMetadata>> withCsi() {
    Map<String, Class<? extends HasMetadata>> all = new TreeMap<>(WITHOUT_CSI);
    all.putAll(CSI_ONLY);
    return all;
  }

  /** Each document unmarshalled on its own, so one bad document names itself. */
  static List<HasMetadata> unmarshal(String yaml) {
    List<HasMetadata> out = new ArrayList<>();
    for (JsonNode doc : Rendered.parse(yaml)) {
      Object object = SERIALIZATION.unmarshal(doc.toString());
      assertThat(object).as("%s %s", doc.path("kind").asText(), doc.at("/metadata/name").asText()).isInstanceOf(HasMetadata.class);
      out.add((HasMetadata) object);
    }
    return out;
  }

  static void assertKinds(String what, List<HasMetadata> objects, Map<String, Class<? extends HasMetadata>> expected) {
    assertThat(objects).as(what).isNotEmpty();
    for (HasMetadata o : objects) {
      String id = what + ": " + o.getKind() + " " + o.getMetadata().getName();
      assertThat(expected).as(id + " is not an expected kind").containsKey(o.getKind());
      assertThat(o).as(id).isExactlyInstanceOf(expected.get(o.getKind()));
      assertThat(unknownFields(o, "", new IdentityHashMap<>())).as(id + ": fields unknown to the model").isEmpty();
    }
    assertThat(objects).extracting(HasMetadata::getKind).as(what).containsAll(expected.keySet());
  }

  /** Paths of non-empty additionalProperties anywhere below a fabric8 model object. */
  static List<String> unknownFields(Object object, String path, IdentityHashMap<Object, Boolean> seen) {
    List<String> out = new ArrayList<>();
    if (object == null || seen.put(object, Boolean.TRUE) != null) {
      return out;
    }
    if (object instanceof Collection<?> c) {
      int i = 0;
      for (Object item : c) {
        out.addAll(unknownFields(item, path + "[" + i++ + "]", seen));
      }
      return out;
    }
    if (object instanceof Map<?, ?> m) {
      m.forEach((k, v) -> out.addAll(unknownFields(v, path + "." + k, seen)));
      return out;
    }
    if (!(object instanceof KubernetesResource) || !object.getClass().getPackageName().startsWith("io.fabric8.kubernetes.api.model")) {
      return out;
    }
    for (Method getter : object.getClass().getMethods()) {
      if (getter.getParameterCount() != 0 || !getter.getName().startsWith("get") || getter.getDeclaringClass() == Object.class) {
        continue;
      }
      Object value;
      try {
        value = getter.invoke(object);
      } catch (ReflectiveOperationException e) {
        throw new AssertionError(getter.toString(), e);
      }
      if (getter.getName().equals("getAdditionalProperties")) {
        if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
          out.add(path + " " + extra.keySet());
        }
      } else {
        out.addAll(unknownFields(value, path + "." + getter.getName().substring(3), seen));
      }
    }
    return out;
  }

  @Test
  void plainManifestsAreFabric8ObjectsOfTheExpectedKinds() throws Exception {
    assertKinds(PlainManifests.WITHOUT_CSI.toString(),
        unmarshal(Files.readString(PlainManifests.WITHOUT_CSI, StandardCharsets.UTF_8)), WITHOUT_CSI);
    assertKinds(PlainManifests.WITH_CSI.toString(), unmarshal(Files.readString(PlainManifests.WITH_CSI, StandardCharsets.UTF_8)),
        withCsi());
  }

  @Test
  void defaultRenderIsFabric8ObjectsOfTheExpectedKinds() {
    List<HasMetadata> objects = unmarshal(ChartRenders.render().text());
    assertKinds("default render", objects, withCsi());
    Set<String> workloads = Set.of("astromkey-operator", "astromkey-webhook", "astromkey-csi-driver");
    assertThat(objects).filteredOn(o -> o instanceof Deployment || o instanceof DaemonSet).extracting(o -> o.getMetadata().getName())
        .containsExactlyInAnyOrderElementsOf(workloads);
    // the typed model sees the containers, not only a map: the default image reaches every one of them
    Deployment operator = objects.stream().filter(o -> o instanceof Deployment d && d.getMetadata().getName().equals("astromkey-operator"))
        .map(Deployment.class::cast).findFirst().orElseThrow();
    assertThat(operator.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
        .startsWith("registry.astromkey.com/astromkey/astromkey-operator:v");
  }
}
