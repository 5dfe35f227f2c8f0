package com.astromkey.csi.provisioner;

import com.astromkey.domain.dynakube.DynaKube;
import com.astromkey.domain.names.ObjectNames;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Informers on the DynaKubes of the namespace and on its Secrets and ConfigMaps (csi-driver.md §5): a DynaKube event
 * enqueues it; a change of an object a DynaKube names resets that DynaKube's backoff and enqueues it at once.
 */
public final class ProvisionerController implements NamespaceObjects, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ProvisionerController.class);

  private final KubernetesClient client;
  private final String namespace;
  private final Optional<String> helmPullSecret;
  private SharedIndexInformer<DynaKube> dynakubes;
  private SharedIndexInformer<Secret> secrets;
  private SharedIndexInformer<ConfigMap> configMaps;
  private DynaKubeProvisioner provisioner;
  private WorkQueue queue;

  public ProvisionerController(KubernetesClient client, String namespace, Optional<String> helmPullSecret) {
    this.client = client;
    this.namespace = namespace;
    this.helmPullSecret = helmPullSecret;
  }

  /** Starts Secret and ConfigMap informers first, so the first DynaKube pass already sees its pull secrets. */
  public void start(DynaKubeProvisioner provisioner, int parallelism, Duration syncTimeout) {
    this.provisioner = provisioner;
    this.queue = new WorkQueue(parallelism, this::pass);
    secrets = client.secrets().inNamespace(namespace).runnableInformer(0);
    secrets.addEventHandler(handler(this::referencedObjectChanged));
    configMaps = client.configMaps().inNamespace(namespace).runnableInformer(0);
    configMaps.addEventHandler(handler(this::referencedObjectChanged));
    await(secrets, syncTimeout);
    await(configMaps, syncTimeout);
    dynakubes = client.resources(DynaKube.class).inNamespace(namespace).runnableInformer(0);
    dynakubes.addEventHandler(handler(dk -> queue.enqueue(name(dk))));
    await(dynakubes, syncTimeout);
    LOG.info("Watching DynaKubes, Secrets and ConfigMaps in namespace {}", namespace);
  }

  private static void await(SharedIndexInformer<?> informer, Duration timeout) {
    CompletableFuture<Void> started = informer.start().toCompletableFuture();
    try {
      started.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("informer did not sync within " + timeout + ": " + e.getMessage(), e);
    }
  }

  private Optional<Duration> pass(String name) {
    DynaKube dk = dynakubes.getStore().getByKey(Cache.namespaceKeyFunc(namespace, name));
    return provisioner.reconcile(name, dk);
  }

  /** A Secret or ConfigMap changed: every DynaKube that names it is retried now, with a fresh backoff. */
  private void referencedObjectChanged(HasMetadata object) {
    if (dynakubes == null) return;
    String changed = name(object);
    for (DynaKube dk : dynakubes.getStore().list()) {
      if (namedBy(dk, helmPullSecret).contains(changed)) {
        LOG.debug("{} {} changed; DynaKube {} is retried", object.getKind(), changed, name(dk));
        provisioner.resetBackoff(name(dk));
        queue.enqueue(name(dk));
      }
    }
  }

  /** Names of every Secret and ConfigMap a DynaKube's pass reads. */
  static Set<String> namedBy(DynaKube dk, Optional<String> helmPullSecret) {
    Set<String> names = new HashSet<>(PullSecretKeychain.secretNames(dk, helmPullSecret));
    names.add(ObjectNames.tokensSecretName(dk));
    if (dk.getSpec().getTrustedCAs() != null) names.add(dk.getSpec().getTrustedCAs());
    if (dk.getSpec().getProxy() != null && dk.getSpec().getProxy().hasValueFrom()) names.add(dk.getSpec().getProxy().getValueFrom());
    return names;
  }

  public Set<String> existingDynaKubes() {
    List<DynaKube> all = dynakubes == null ? List.of() : dynakubes.getStore().list();
    return all.stream().map(ProvisionerController::name).collect(Collectors.toUnmodifiableSet());
  }

  @Override
  public Secret secret(String name) {
    return secrets.getStore().getByKey(Cache.namespaceKeyFunc(namespace, name));
  }

  @Override
  public ConfigMap configMap(String name) {
    return configMaps.getStore().getByKey(Cache.namespaceKeyFunc(namespace, name));
  }

  private static <T extends HasMetadata> ResourceEventHandler<T> handler(Consumer<T> onChange) {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(T obj) {
        onChange.accept(obj);
      }

      @Override
      public void onUpdate(T oldObj, T newObj) {
        // resyncs and status-only writes carry the same resource version
        if (!Objects.equals(oldObj.getMetadata().getResourceVersion(), newObj.getMetadata().getResourceVersion())) {
          onChange.accept(newObj);
        }
      }

      @Override
      public void onDelete(T obj, boolean deletedFinalStateUnknown) {
        onChange.accept(obj);
      }
    };
  }

  private static String name(HasMetadata object) {
    return object.getMetadata().getName();
  }

  @Override
  public void close() {
    if (queue != null) queue.close();
    if (dynakubes != null) dynakubes.close();
    if (secrets != null) secrets.close();
    if (configMaps != null) configMaps.close();
  }
}
