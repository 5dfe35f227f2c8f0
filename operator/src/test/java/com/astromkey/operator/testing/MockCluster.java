package com.astromkey.operator.testing;

import com.astromkey.domain.dynakube.DynaKube;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/** Objects the mock API server needs before the operator starts: the CRD, namespaces, secrets. */
public final class MockCluster {
  public static final String NAMESPACE = "astromkey";
  private static final String CRD = "/META-INF/fabric8/dynakubes.astromkey.com-v1.yml";

  private MockCluster() {}

  /** The generated CRD from the domain jar: with it the mock emulates the status subresource and generation. */
  public static void install(KubernetesClient client) {
    try (InputStream in = DynaKube.class.getResourceAsStream(CRD)) {
      if (in == null) {
        throw new IllegalStateException("CRD " + CRD + " is not on the class path");
      }
      CustomResourceDefinition crd = client.apiextensions().v1().customResourceDefinitions().load(in).item();
      client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    namespace(client, NAMESPACE, Map.of());
    namespace(client, "kube-system", Map.of());
  }

  public static void namespace(KubernetesClient client, String name, Map<String, String> labels) {
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).withLabels(labels).endMetadata()
        .build()).create();
  }

  public static void secret(KubernetesClient client, String name, String type, Map<String, String> plain) {
    Map<String, String> data = new java.util.LinkedHashMap<>();
    plain.forEach((k, v) -> data.put(k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
    client.secrets().inNamespace(NAMESPACE).resource(new SecretBuilder().withNewMetadata().withName(name).endMetadata()
        .withType(type).withData(data).build()).create();
  }

  public static void configMap(KubernetesClient client, String name, Map<String, String> data) {
    client.configMaps().inNamespace(NAMESPACE).resource(new ConfigMapBuilder().withNewMetadata().withName(name)
        .endMetadata().withData(data).build()).create();
  }

  public static String decode(String base64) {
    return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
  }
}
