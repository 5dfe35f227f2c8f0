package com.astromkey.operator.kube;

import com.astromkey.domain.dynakube.DynaKube;
import com.astromkey.domain.names.Labels;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/** Metadata every object owned by a DynaKube carries: common labels (operator.md §6) and the owner reference. */
public final class OwnedObjects {
  private static final Pattern LABEL_VALUE = Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9]");

  private OwnedObjects() {}

  /** {@code managed-by}, {@code created-by}, {@code name}, {@code component}. */
  public static Map<String, String> labels(DynaKube dk, String appName, String component) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(Labels.APP_MANAGED_BY, Labels.MANAGED_BY_OPERATOR);
    labels.put(Labels.APP_CREATED_BY, dk.getMetadata().getName());
    if (appName != null) {
      labels.put(Labels.APP_NAME, appName);
    }
    labels.put(Labels.APP_COMPONENT, component);
    return labels;
  }

  /** Adds {@code app.kubernetes.io/version} only when the version is a valid label value. */
  public static Map<String, String> withVersion(Map<String, String> labels, String version) {
    if (version != null && LABEL_VALUE.matcher(version).matches()) {
      labels.put(Labels.APP_VERSION, version);
    }
    return labels;
  }

  /** Workload selectors use only {@code name} and {@code created-by}, so label changes never orphan pods. */
  public static Map<String, String> selector(DynaKube dk, String appName) {
    Map<String, String> selector = new LinkedHashMap<>();
    selector.put(Labels.APP_NAME, appName);
    selector.put(Labels.APP_CREATED_BY, dk.getMetadata().getName());
    return selector;
  }

  public static OwnerReference ownerReference(DynaKube dk) {
    return new OwnerReferenceBuilder()
        .withApiVersion(DynaKube.API_VERSION)
        .withKind(DynaKube.KIND)
        .withName(dk.getMetadata().getName())
        .withUid(dk.getMetadata().getUid())
        .withController(true)
        .withBlockOwnerDeletion(true)
        .build();
  }

  /** Name, namespace, labels and owner of an object owned by {@code dk}. */
  public static ObjectMeta meta(DynaKube dk, String name, Map<String, String> labels) {
    return new ObjectMetaBuilder()
        .withName(name)
        .withNamespace(dk.getMetadata().getNamespace())
        .withLabels(labels)
        .withOwnerReferences(ownerReference(dk))
        .build();
  }
}
