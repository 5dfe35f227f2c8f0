package com.astromkey.operator.kube;

import static org.assertj.core.api.Assertions.assertThat;

import com.astromkey.domain.names.Annotations;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The hash-gated writer against the mock API server. */
@EnableKubernetesMockClient(crud = true)
class ObjectWriterMockTest {
  static KubernetesClient client;

  @Test
  void writesOnlyWhenTheDesiredHashChanges() {
    ObjectWriter writer = new ObjectWriter(client);

    assertThat(writer.apply(configMap("a"), Annotations.CONTENT_HASH)).isEqualTo(WriteResult.CREATED);
    String created = version("cm");
    assertThat(writer.apply(configMap("a"), Annotations.CONTENT_HASH)).isEqualTo(WriteResult.UP_TO_DATE);
    assertThat(version("cm")).isEqualTo(created);
    assertThat(writer.apply(configMap("b"), Annotations.CONTENT_HASH)).isEqualTo(WriteResult.UPDATED);
    assertThat(version("cm")).isNotEqualTo(created);
    assertThat(client.configMaps().inNamespace("ns").withName("cm").get().getMetadata().getAnnotations())
        .containsKey(Annotations.CONTENT_HASH);
    assertThat(writer.delete(ConfigMap.class, "ns", "cm")).isEqualTo(WriteResult.DELETED);
    assertThat(writer.delete(ConfigMap.class, "ns", "cm")).isEqualTo(WriteResult.ABSENT);
  }

  @Test
  void anUpdateKeepsServerAssignedFields() {
    ObjectWriter writer = new ObjectWriter(client);
    writer.apply(service(80), Annotations.SPEC_HASH);
    client.services().inNamespace("ns").withName("svc").edit(s -> {
      s.getSpec().setClusterIP("10.0.0.7");
      return s;
    });

    writer.apply(service(8080), Annotations.SPEC_HASH, (existing, update) ->
        update.getSpec().setClusterIP(existing.getSpec().getClusterIP()));

    Service stored = client.services().inNamespace("ns").withName("svc").get();
    assertThat(stored.getSpec().getClusterIP()).isEqualTo("10.0.0.7");
    assertThat(stored.getSpec().getPorts().get(0).getPort()).isEqualTo(8080);
  }

  private static String version(String name) {
    return client.configMaps().inNamespace("ns").withName(name).get().getMetadata().getResourceVersion();
  }

  private static ConfigMap configMap(String value) {
    return new ConfigMapBuilder().withNewMetadata().withName("cm").withNamespace("ns").endMetadata()
        .withData(Map.of("k", value)).build();
  }

  private static Service service(int port) {
    return new ServiceBuilder().withNewMetadata().withName("svc").withNamespace("ns").endMetadata()
        .withNewSpec().addNewPort().withPort(port).endPort().endSpec().build();
  }
}
