package com.astromkey.operator.injection;

import com.astromkey.domain.dynakube.DynaKube;
import com.astromkey.domain.names.Annotations;
import com.astromkey.domain.names.Labels;
import com.astromkey.operator.kube.Hashes;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** Builds the copy of a source Secret that lives in a monitored namespace (operator.md §7 step 3). */
public final class Replicas {
  private Replicas() {}

  public static Map<String, String> labels(String dkName) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(Labels.APP_MANAGED_BY, Labels.MANAGED_BY_OPERATOR);
    labels.put(Labels.APP_CREATED_BY, dkName);
    labels.put(Labels.APP_COMPONENT, Labels.COMPONENT_INJECTION);
    return labels;
  }

  /** Selector of every replica of one DynaKube. */
  public static String selector(String dkName) {
    return Labels.INJECTION_REPLICA_SELECTOR + "," + Labels.APP_CREATED_BY + "=" + dkName;
  }

  public static Secret build(DynaKube dk, Secret source, String replicaName, String namespace) {
    Map<String, String> data = source.getData() == null ? Map.of() : source.getData();
    Secret replica = new SecretBuilder()
        .withNewMetadata().withName(replicaName).withNamespace(namespace)
          .withLabels(labels(dk.getMetadata().getName()))
          .withAnnotations(Map.of(Annotations.CONTENT_HASH, contentHash(source)))
        .endMetadata()
        .withType(source.getType())
        .withData(new LinkedHashMap<>(data))
        .build();
    return replica;
  }

  /** SHA-256 of the data (sorted by key) and type. */
  public static String contentHash(Secret secret) {
    Map<String, String> sorted = secret.getData() == null ? new TreeMap<>() : new TreeMap<>(secret.getData());
    return Hashes.ofJson(Map.of("type", String.valueOf(secret.getType()), "data", sorted));
  }
}
