package com.astromkey.e2e.sandbox;

import com.astromkey.domain.dynakube.DynaKube;
import com.astromkey.domain.dynakube.status.DynaKubeStatus;
import com.astromkey.domain.names.Annotations;
import com.astromkey.domain.names.ObjectNames;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * What the customer (and the kube-apiserver on their behalf) does on the private-registry page, step by step: apply a
 * DynaKube through the validating webhook, create an app namespace and a pod through the mutating webhook. Shared by the
 * scenario tests and the demo so both drive the product the same way.
 */
public final class CustomerFlow {
  public static final Duration PATIENCE = Duration.ofSeconds(60);

  private final E2eSandbox sandbox;

  public CustomerFlow(E2eSandbox sandbox) {
    this.sandbox = sandbox;
  }

  /** Admission first (as {@code kubectl apply} goes through it), then the object is stored only if allowed. */
  public AdmissionCaller.Result<DynaKube> apply(DynaKube dk) throws IOException, InterruptedException {
    AdmissionCaller.Result<DynaKube> admitted = sandbox.admission().validateDynaKube(dk, null);
    if (admitted.allowed()) {
      sandbox.client().resources(DynaKube.class).inNamespace(E2eSandbox.NAMESPACE).resource(dk).create();
    }
    return admitted;
  }

  /** Waits for a status the predicate accepts; the failure names the last status seen. */
  public DynaKubeStatus awaitStatus(String name, Predicate<DynaKubeStatus> done) {
    DynaKubeStatus[] last = new DynaKubeStatus[1];
    try {
      E2eSandbox.await("the status of DynaKube " + name, PATIENCE, () -> {
        DynaKube dk = sandbox.client().resources(DynaKube.class).inNamespace(E2eSandbox.NAMESPACE).withName(name).get();
        last[0] = dk == null ? null : dk.getStatus();
        return last[0] != null && done.test(last[0]);
      });
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + "; last status: "
          + (last[0] == null ? "none" : sandbox.client().getKubernetesSerialization().asYaml(last[0])), e);
    }
    return last[0];
  }

  /**
   * Plays the DaemonSet and StatefulSet controllers after the kubelet has pulled the images (README §7: the mock server
   * has no controllers, so tests write workload status): one node scheduled and ready, every replica ready.
   */
  public void markWorkloadsReady(String dynaKube) {
    var daemonSet = sandbox.client().apps().daemonSets().inNamespace(E2eSandbox.NAMESPACE).withName(dynaKube + "-oneagent").get();
    if (daemonSet != null) {
      daemonSet.setStatus(new io.fabric8.kubernetes.api.model.apps.DaemonSetStatusBuilder()
          .withObservedGeneration(daemonSet.getMetadata().getGeneration()).withDesiredNumberScheduled(1)
          .withCurrentNumberScheduled(1).withUpdatedNumberScheduled(1).withNumberAvailable(1).withNumberReady(1).build());
      sandbox.client().apps().daemonSets().inNamespace(E2eSandbox.NAMESPACE).resource(daemonSet).updateStatus();
    }
    var statefulSet = sandbox.client().apps().statefulSets().inNamespace(E2eSandbox.NAMESPACE).withName(dynaKube + "-activegate")
        .get();
    if (statefulSet != null) {
      int replicas = statefulSet.getSpec().getReplicas() == null ? 1 : statefulSet.getSpec().getReplicas();
      statefulSet.setStatus(new io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder()
          .withObservedGeneration(statefulSet.getMetadata().getGeneration()).withReplicas(replicas).withReadyReplicas(replicas)
          .withCurrentReplicas(replicas).withUpdatedReplicas(replicas).withAvailableReplicas(replicas).build());
      sandbox.client().apps().statefulSets().inNamespace(E2eSandbox.NAMESPACE).resource(statefulSet).updateStatus();
    }
  }

  /** A namespace created through the namespace webhook, as the API server would store it. */
  public Namespace createNamespace(String name) throws IOException, InterruptedException {
    Namespace namespace = new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build();
    AdmissionCaller.Result<Namespace> labelled = sandbox.admission().labelNamespace(namespace);
    return sandbox.client().namespaces().resource(labelled.object()).create();
  }

  /**
   * Waits until the operator has replicated the bootstrapper config (and, with a Helm pull secret, the injection pull
   * secret) into the namespace and the webhook's caches have them: a server-side dry run of a pod (what
   * {@code kubectl create --dry-run=server} sends) comes back injected.
   */
  public void awaitInjectionReady(String namespace) {
    E2eSandbox.await("the operator's " + ObjectNames.BOOTSTRAPPER_CONFIG_SECRET + " in " + namespace, PATIENCE,
        () -> sandbox.client().secrets().inNamespace(namespace).withName(ObjectNames.BOOTSTRAPPER_CONFIG_SECRET).get() != null);
    sandbox.chart().pullSecret().ifPresent(helmSecret -> E2eSandbox.await("the operator's "
        + ObjectNames.INJECTION_PULL_SECRET + " in " + namespace, PATIENCE,
        () -> sandbox.client().secrets().inNamespace(namespace).withName(ObjectNames.INJECTION_PULL_SECRET).get() != null));
    E2eSandbox.await("a dry-run pod in " + namespace + " to be injected", PATIENCE, () -> {
      try {
        Pod probe = pod(namespace, "dry-run-probe", "docker.io/library/busybox:1.36");
        Pod mutated = sandbox.admission().mutatePod(probe, true).object();
        return mutated.getMetadata().getAnnotations() != null
            && "true".equals(mutated.getMetadata().getAnnotations().get(Annotations.ONEAGENT_INJECTED));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    });
  }

  /**
   * A Deployment's pod as the API server receives it: through the mutating webhook, then stored (the mock server gives it
   * a uid; a real API server would too).
   */
  public AdmissionCaller.Result<Pod> createPod(String namespace, String name, String image)
      throws IOException, InterruptedException {
    return createPod(pod(namespace, name, image));
  }

  /** Any pod, through the mutating webhook, then stored. */
  public AdmissionCaller.Result<Pod> createPod(Pod pod) throws IOException, InterruptedException {
    String namespace = pod.getMetadata().getNamespace();
    AdmissionCaller.Result<Pod> mutated = sandbox.admission().mutatePod(pod, false);
    Pod stored = sandbox.client().pods().inNamespace(namespace).resource(mutated.object()).create();
    return new AdmissionCaller.Result<>(mutated.allowed(), mutated.warnings(), mutated.message(), stored, mutated.patch());
  }

  private static Pod pod(String namespace, String name, String image) {
    return new PodBuilder().withNewMetadata().withName(name).withNamespace(namespace).withUid(UUID.randomUUID().toString())
        .endMetadata().withNewSpec().addNewContainer().withName("app").withImage(image).endContainer().endSpec().build();
  }
}
