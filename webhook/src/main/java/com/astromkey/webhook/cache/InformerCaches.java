package com.astromkey.webhook.cache;

import com.astromkey.domain.dynakube.DynaKube;
import com.astromkey.domain.names.Labels;
import com.astromkey.webhook.pod.InjectionCache;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The four informers of webhook.md §1: DynaKubes and Secrets in the operator namespace, all Namespaces, and the replicated
 * injection Secrets cluster-wide (label-filtered). Admissions read only these stores.
 */
public final class InformerCaches implements InjectionCache, AutoCloseable {
  private final String operatorNamespace;
  private final SharedIndexInformer<DynaKube> dynaKubes;
  private final SharedIndexInformer<Secret> operatorSecrets;
  private final SharedIndexInformer<Namespace> namespaces;
  private final SharedIndexInformer<Secret> replicas;

  private InformerCaches(String operatorNamespace, SharedIndexInformer<DynaKube> dynaKubes,
      SharedIndexInformer<Secret> operatorSecrets, SharedIndexInformer<Namespace> namespaces,
      SharedIndexInformer<Secret> replicas) {
    this.operatorNamespace = operatorNamespace;
    this.dynaKubes = dynaKubes;
    this.operatorSecrets = operatorSecrets;
    this.namespaces = namespaces;
    this.replicas = replicas;
  }

  /**
   * Creates and starts the informers without waiting for them to sync ({@link #synced()} tells). {@code secretHandler} sees
   * every change of an operator-namespace Secret (the certificate sync uses it); {@code resync} also re-delivers them.
   */
  public static InformerCaches start(KubernetesClient client, String operatorNamespace, Duration resync,
      ResourceEventHandler<Secret> secretHandler) {
    SharedIndexInformer<DynaKube> dynaKubes = client.resources(DynaKube.class).inNamespace(operatorNamespace)
        .runnableInformer(0);
    SharedIndexInformer<Secret> operatorSecrets = client.secrets().inNamespace(operatorNamespace)
        .runnableInformer(resync.toMillis());
    if (secretHandler != null) {
      operatorSecrets.addEventHandler(secretHandler);
    }
    SharedIndexInformer<Namespace> namespaces = client.namespaces().runnableInformer(0);
    SharedIndexInformer<Secret> replicas = client.secrets().inAnyNamespace()
        .withLabels(Map.of(Labels.APP_MANAGED_BY, Labels.MANAGED_BY_OPERATOR, Labels.APP_COMPONENT, Labels.COMPONENT_INJECTION))
        .runnableInformer(0);
    InformerCaches caches = new InformerCaches(operatorNamespace, dynaKubes, operatorSecrets, namespaces, replicas);
    caches.informers().forEach(SharedIndexInformer::start);
    return caches;
  }

  public boolean synced() {
    return informers().allMatch(SharedIndexInformer::hasSynced);
  }

  public String operatorNamespace() {
    return operatorNamespace;
  }

  @Override
  public Optional<Namespace> namespace(String name) {
    return Optional.ofNullable(namespaces.getStore().getByKey(name));
  }

  @Override
  public Optional<DynaKube> dynaKube(String name) {
    return Optional.ofNullable(dynaKubes.getStore().getByKey(Cache.namespaceKeyFunc(operatorNamespace, name)));
  }

  @Override
  public Optional<Secret> operatorSecret(String name) {
    return Optional.ofNullable(operatorSecrets.getStore().getByKey(Cache.namespaceKeyFunc(operatorNamespace, name)));
  }

  @Override
  public Optional<Secret> replica(String namespace, String name) {
    return Optional.ofNullable(replicas.getStore().getByKey(Cache.namespaceKeyFunc(namespace, name)));
  }

  public List<DynaKube> dynaKubes() {
    return dynaKubes.getStore().list();
  }

  public List<Namespace> namespaces() {
    return namespaces.getStore().list();
  }

  private Stream<SharedIndexInformer<? extends HasMetadata>> informers() {
    return Stream.of(dynaKubes, operatorSecrets, namespaces, replicas);
  }

  @Override
  public void close() {
    informers().forEach(SharedIndexInformer::close);
  }
}
