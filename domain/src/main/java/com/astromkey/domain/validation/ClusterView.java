package com.astromkey.domain.validation;

import com.astromkey.domain.dynakube.DynaKube;
import com.astromkey.domain.modules.ModulesConfig;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import java.util.List;
import java.util.Optional;

/** What validation may read about the cluster: the webhook backs it with informer caches, {@code validate} with nothing. */
public interface ClusterView {
  /** True when no cluster is available; the rules that need one are skipped and listed as skipped. */
  boolean offline();

  /** The installed operator components ({@code AK_MODULES_JSON}). */
  ModulesConfig modules();

  /** The Helm {@code customPullSecret} name ({@code AK_OPERATOR_PULL_SECRET}), "" when none. */
  String helmPullSecret();

  /** Every DynaKube in the namespace of the validated one; it may include the stored version of the validated one itself. */
  List<DynaKube> dynaKubes();

  /** Every namespace of the cluster, with its labels. */
  List<Namespace> namespaces();

  /** A Secret in the namespace of the validated DynaKube. */
  Optional<Secret> secret(String name);

  static ClusterView offline(ModulesConfig modules, String helmPullSecret) {
    ModulesConfig installed = modules == null ? ModulesConfig.allInstalled() : modules;
    String pullSecret = helmPullSecret == null ? "" : helmPullSecret;
    return new ClusterView() {
      @Override
      public boolean offline() {
        return true;
      }

      @Override
      public ModulesConfig modules() {
        return installed;
      }

      @Override
      public String helmPullSecret() {
        return pullSecret;
      }

      @Override
      public List<DynaKube> dynaKubes() {
        return List.of();
      }

      @Override
      public List<Namespace> namespaces() {
        return List.of();
      }

      @Override
      public Optional<Secret> secret(String name) {
        return Optional.empty();
      }
    };
  }
}
