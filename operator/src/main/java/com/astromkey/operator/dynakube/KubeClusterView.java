package com.astromkey.operator.dynakube;

import com.astromkey.domain.dynakube.DynaKube;
import com.astromkey.domain.modules.ModulesConfig;
import com.astromkey.domain.validation.ClusterView;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Optional;

/** The cluster as the shared validator sees it during a reconcile or a troubleshoot run: read straight from the API server. */
public final class KubeClusterView implements ClusterView {
  private final KubernetesClient client;
  private final String namespace;
  private final ModulesConfig modules;
  private final String helmPullSecret;

  public KubeClusterView(KubernetesClient client, String namespace, ModulesConfig modules, String helmPullSecret) {
    this.client = client;
    this.namespace = namespace;
    this.modules = modules;
    this.helmPullSecret = helmPullSecret;
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
    return client.resources(DynaKube.class).inNamespace(namespace).list().getItems();
  }

  @Override
  public List<Namespace> namespaces() {
    return client.namespaces().list().getItems();
  }

  @Override
  public Optional<Secret> secret(String name) {
    return Optional.ofNullable(client.secrets().inNamespace(namespace).withName(name).get());
  }
}
