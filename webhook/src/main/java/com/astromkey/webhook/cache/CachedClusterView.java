package com.astromkey.webhook.cache;

import com.astromkey.domain.dynakube.DynaKube;
import com.astromkey.domain.modules.ModulesConfig;
import com.astromkey.domain.validation.ClusterView;
import com.astromkey.webhook.pod.InjectionCache;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The {@link ClusterView} of DynaKube validation, backed only by the webhook's caches. The caches hold the operator namespace
 * only, which is where DynaKubes live (api-dynakube-v1beta5.md §1); for the validated DynaKube's own namespace they are exact.
 */
public final class CachedClusterView implements ClusterView {
  private final ModulesConfig modules;
  private final String helmPullSecret;
  private final Supplier<List<DynaKube>> dynaKubes;
  private final Supplier<List<Namespace>> namespaces;
  private final InjectionCache cache;

  public CachedClusterView(ModulesConfig modules, String helmPullSecret, Supplier<List<DynaKube>> dynaKubes,
      Supplier<List<Namespace>> namespaces, InjectionCache cache) {
    this.modules = modules;
    this.helmPullSecret = helmPullSecret == null ? "" : helmPullSecret;
    this.dynaKubes = dynaKubes;
    this.namespaces = namespaces;
    this.cache = cache;
  }

  public static CachedClusterView of(InformerCaches caches, ModulesConfig modules, String helmPullSecret) {
    return new CachedClusterView(modules, helmPullSecret, caches::dynaKubes, caches::namespaces, caches);
  }

  /**
   * The view for a DynaKube outside the operator namespace: the caches know nothing of its namespace, so it sees no other
   * DynaKubes and no Secrets rather than the operator namespace's ones.
   */
  public ClusterView foreignNamespace() {
    return new CachedClusterView(modules, helmPullSecret, List::of, namespaces, new EmptyCache());
  }

  /** Knows no objects at all. */
  private static final class EmptyCache implements InjectionCache {
    @Override
    public Optional<Namespace> namespace(String name) {
      return Optional.empty();
    }

    @Override
    public Optional<DynaKube> dynaKube(String name) {
      return Optional.empty();
    }

    @Override
    public Optional<Secret> operatorSecret(String name) {
      return Optional.empty();
    }

    @Override
    public Optional<Secret> replica(String namespace, String name) {
      return Optional.empty();
    }
  }

  @Override
  public boolean offline() {
    return false;
  }

  @Override
  public ModulesConfig modules() {
    return modules;
  }

  @Override
  public String helmPullSecret() {
    return helmPullSecret;
  }

  @Override
  public List<DynaKube> dynaKubes() {
    return dynaKubes.get();
  }

  @Override
  public List<Namespace> namespaces() {
    return namespaces.get();
  }

  @Override
  public Optional<Secret> secret(String name) {
    return cache.operatorSecret(name);
  }
}
