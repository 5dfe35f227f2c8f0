package com.astromkey.domain.validation;

import com.astromkey.domain.dynakube.DynaKube;
import com.astromkey.domain.modules.ModulesConfig;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** An online cluster view over fixed lists, standing in for the webhook's informer caches. */
final class FakeClusterView implements ClusterView {
  final List<DynaKube> dynaKubes = new ArrayList<>();
  final List<Namespace> namespaces = new ArrayList<>();
  final List<Secret> secrets = new ArrayList<>();
  ModulesConfig modules = ModulesConfig.allInstalled();
  String helmPullSecret = "";

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
    return dynaKubes;
  }

  @Override
  public List<Namespace> namespaces() {
    return namespaces;
  }

  @Override
  public Optional<Secret> secret(String name) {
    return secrets.stream().filter(secret -> secret.getMetadata().getName().equals(name)).findFirst();
  }
}
