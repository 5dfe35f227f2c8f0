package com.astromkey.operator.injection;

import com.astromkey.domain.dynakube.DynaKube;
import com.astromkey.domain.names.Annotations;
import com.astromkey.domain.names.Labels;
import com.astromkey.domain.names.ObjectNames;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Applies a namespace plan: instance labels (label-only edits) and the replicated injection Secrets (operator.md §7). */
public final class NamespaceReplication {
  /** Replica name → source Secret name; a missing source means the replica must not exist. */
  public static final List<String> REPLICA_NAMES = List.of(ObjectNames.BOOTSTRAPPER_CONFIG_SECRET,
      ObjectNames.BOOTSTRAPPER_CERTS_SECRET, ObjectNames.INJECTION_PULL_SECRET);
  private static final Logger LOG = LoggerFactory.getLogger(NamespaceReplication.class);

  private final KubernetesClient client;

  public NamespaceReplication(KubernetesClient client) {
    this.client = client;
  }

  public void label(String namespace, String dkName) {
    client.namespaces().withName(namespace).edit(ns -> {
      ns.getMetadata().setLabels(with(ns.getMetadata().getLabels(), dkName));
      return ns;
    });
    LOG.info("Labelled namespace {} for DynaKube {}", namespace, dkName);
  }

  public void unlabel(String namespace) {
    client.namespaces().withName(namespace).edit(ns -> {
      if (ns.getMetadata().getLabels() != null) {
        ns.getMetadata().getLabels().remove(Labels.DYNAKUBE_INSTANCE);
      }
      return ns;
    });
    LOG.info("Removed the instance label from namespace {}", namespace);
  }

  /** Namespaces labelled for this DynaKube. */
  public List<String> labelledFor(String dkName) {
    return client.namespaces().withLabel(Labels.DYNAKUBE_INSTANCE, dkName).list().getItems().stream()
        .map(ns -> ns.getMetadata().getName()).toList();
  }

  public List<Namespace> namespaces() {
    return client.namespaces().list().getItems();
  }

  /**
   * Makes the replicas in {@code namespaces} equal the sources ({@code replica name → source}, null = remove) and
   * deletes every replica of this DynaKube elsewhere. Returns whether anything was written.
   */
  public boolean sync(DynaKube dk, Collection<String> namespaces, Map<String, Secret> sources) {
    boolean wrote = false;
    Set<String> wanted = Set.copyOf(namespaces);
    for (Secret replica : client.secrets().inAnyNamespace().withLabelSelector(Replicas.selector(dk.getMetadata().getName()))
        .list().getItems()) {
      String namespace = replica.getMetadata().getNamespace();
      String name = replica.getMetadata().getName();
      if (!wanted.contains(namespace) || sources.get(name) == null) {
        client.secrets().inNamespace(namespace).withName(name).delete();
        LOG.info("Deleted replica {}/{}", namespace, name);
        wrote = true;
      }
    }
    for (String namespace : namespaces) {
      for (Map.Entry<String, Secret> source : sources.entrySet()) {
        if (source.getValue() != null) {
          wrote |= ensure(Replicas.build(dk, source.getValue(), source.getKey(), namespace));
        }
      }
    }
    return wrote;
  }

  /** Removes labels and replicas of a DynaKube everywhere (deletion, or injection switched off). */
  public void removeAll(DynaKube dk) {
    for (String namespace : labelledFor(dk.getMetadata().getName())) {
      unlabel(namespace);
    }
    sync(dk, List.of(), Map.of());
  }

  private boolean ensure(Secret desired) {
    String namespace = desired.getMetadata().getNamespace();
    String name = desired.getMetadata().getName();
    Secret existing = client.secrets().inNamespace(namespace).withName(name).get();
    if (existing == null) {
      client.secrets().inNamespace(namespace).resource(desired).create();
      LOG.info("Created replica {}/{}", namespace, name);
      return true;
    }
    String hash = desired.getMetadata().getAnnotations().get(Annotations.CONTENT_HASH);
    Map<String, String> annotations = existing.getMetadata().getAnnotations();
    if (annotations != null && hash.equals(annotations.get(Annotations.CONTENT_HASH))
        && desired.getMetadata().getLabels().equals(existing.getMetadata().getLabels())) {
      return false;
    }
    desired.getMetadata().setResourceVersion(existing.getMetadata().getResourceVersion());
    client.secrets().inNamespace(namespace).resource(desired).update();
    LOG.info("Updated replica {}/{}", namespace, name);
    return true;
  }

  private static Map<String, String> with(Map<String, String> labels, String dkName) {
    Map<String, String> updated = labels == null ? new java.util.LinkedHashMap<>() : new java.util.LinkedHashMap<>(labels);
    updated.put(Labels.DYNAKUBE_INSTANCE, dkName);
    return updated;
  }
}
