package com.astromkey.webhook.pod;

import com.astromkey.domain.dynakube.DynaKube;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import java.util.Optional;

/** The cached cluster state pod injection reads; backed by informers in production, by maps in tests. Never calls the API. */
public interface InjectionCache {
  Optional<Namespace> namespace(String name);

  /** A DynaKube in the operator namespace. */
  Optional<DynaKube> dynaKube(String name);

  /** A Secret in the operator namespace (the per-DynaKube sources of the replicas). */
  Optional<Secret> operatorSecret(String name);

  /** A replica the operator wrote into an application namespace (cluster-wide, label-filtered informer). */
  Optional<Secret> replica(String namespace, String name);
}
