package com.astromkey.webhook.pod;

import com.astromkey.domain.codemodules.InstallPath;
import com.astromkey.domain.dynakube.DynaKube;
import com.astromkey.domain.dynakube.spec.AppInjection;
import com.astromkey.domain.dynakube.spec.OneAgentMode;
import com.astromkey.domain.feature.FeatureFlags;
import com.astromkey.domain.feature.SignatureMode;
import com.astromkey.domain.image.ImageReference;
import com.astromkey.domain.names.Annotations;
import com.astromkey.domain.names.Labels;
import com.astromkey.domain.names.ObjectNames;
import com.astromkey.domain.selector.LabelSelectors;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Volume;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The pod decision flow of webhook.md §3 and the mutation of §4, as a pure function of the pod and the cached cluster state. */
public final class PodInjector {
  private final InjectionSettings settings;
  private final InjectionCache cache;
  private final FeatureFlagsCache featureFlags = new FeatureFlagsCache();

  public PodInjector(InjectionSettings settings, InjectionCache cache) {
    this.settings = settings;
    this.cache = cache;
  }

  /** The pod is never changed; a mutated deep copy comes back in the result. */
  public InjectionResult inject(Pod pod, String namespace) {
    if (pod.getSpec() == null || pod.getSpec().getContainers() == null || pod.getSpec().getContainers().isEmpty()) {
      // nothing to inject into; the API server rejects such a pod itself, so there is no reason to report
      return InjectionResult.untouched();
    }
    if (hasInitContainer(pod)) {
      return reinvoke(pod, namespace);
    }
    Optional<String> dkName = instanceLabel(namespace);
    if (dkName.isEmpty()) {
      return InjectionResult.untouched();
    }
    Optional<DynaKube> found = cache.dynaKube(dkName.get());
    if (found.isEmpty()) {
      return notInjected(pod, NotInjectedReason.MissingDynaKube, List.of(new PendingEvent(namespace, PendingEvent.WARNING,
          NotInjectedReason.MissingDynaKube.name(), "Namespace " + namespace + " is labelled for DynaKube '" + dkName.get()
              + "', which does not exist in namespace " + settings.operatorNamespace() + "; pods are not injected.",
          namespace + "/" + NotInjectedReason.MissingDynaKube)));
    }
    DynaKube dk = found.get();
    if (isFalse(annotation(pod, Annotations.INJECT)) || isFalse(annotation(pod, Annotations.ONEAGENT_INJECT))) {
      return InjectionResult.untouched();
    }
    FeatureFlags flags = featureFlags.of(dk);
    if (!flags.automaticInjection() && !isTrue(annotation(pod, Annotations.ONEAGENT_INJECT))) {
      return InjectionResult.untouched();
    }
    Optional<OneAgentMode> mode = dk.getSpec() == null || dk.getSpec().getOneAgent() == null ? Optional.empty()
        : dk.getSpec().getOneAgent().mode().filter(OneAgentMode::injectsCodeModules);
    if (mode.isEmpty()) {
      return InjectionResult.untouched();
    }
    AppInjection injection = dk.getSpec().getOneAgent().appInjection(mode.get());
    if (flags.isIgnoredNamespace(namespace) || !LabelSelectors.matches(injection.getNamespaceSelector(), namespaceLabels(namespace))) {
      return InjectionResult.untouched();
    }
    SignatureMode signatureMode = flags.signatureVerification().orElse(settings.defaultSignatureMode());
    Optional<NotInjectedReason> notReady = CodeModulesReadiness.check(dk, injection, signatureMode);
    if (notReady.isPresent()) {
      return notInjected(pod, namespace, dk, notReady.get());
    }
    String installPath = installPath(pod);
    InjectionPlan draft = new InjectionPlan(dk, mode.get(), injection, flags, settings, namespace, installPath, null, null,
        List.of(), List.of());
    if (draft.cloudNative() && draft.tenantUuid().isEmpty()) {
      return notInjected(pod, namespace, dk, NotInjectedReason.MissingTenantUUID);
    }
    if (!InstallPath.isValid(installPath)) {
      return notInjected(pod, namespace, dk, NotInjectedReason.InvalidInstallPath);
    }
    ContainerSelection selection = ContainerSelection.of(pod, flags, installPath);
    if (selection.injectable().isEmpty()) {
      return notInjected(pod, namespace, dk, NotInjectedReason.NoInjectableContainer);
    }
    Delivery delivery = delivery(pod, injection);
    if (InjectionVolumes.conflictingVolume(pod, delivery).isPresent()) {
      return notInjected(pod, namespace, dk, NotInjectedReason.ConflictingVolumeType);
    }
    if (!bootstrapperConfigReplicated(dk, namespace)) {
      return notInjected(pod, namespace, dk, NotInjectedReason.NoBootstrapperConfig);
    }
    String initImage = initImage(delivery, dk, flags, injection);
    InitImagePullSecret.Verdict pullSecret = InitImagePullSecret.check(dk, flags, initImage, namespace, cache);
    if (pullSecret == InitImagePullSecret.Verdict.MISSING) {
      return notInjected(pod, namespace, dk, NotInjectedReason.NoPullSecret);
    }
    InjectionPlan plan = new InjectionPlan(dk, mode.get(), injection, flags, settings, namespace, installPath, delivery,
        initImage, selection.injectable(), selection.conflicting());
    PodEdit edit = mutate(pod, plan, pullSecret == InitImagePullSecret.Verdict.ATTACH);
    PendingEvent injected = new PendingEvent(namespace, PendingEvent.NORMAL, "Injected",
        "Pods in namespace " + namespace + " are injected with code modules of DynaKube '" + plan.dkName() + "' (delivery "
            + delivery.text() + ").", "injected/" + plan.dkName());
    return new InjectionResult(InjectionResult.Outcome.INJECTED, pod, edit, null, delivery, List.of(injected));
  }

  /** Only the four "not injected" annotations (webhook.md §3). */
  static PodEdit notInjectedEdit(NotInjectedReason reason) {
    return new PodEdit()
        .annotate(Annotations.ONEAGENT_INJECTED, "false")
        .annotate(Annotations.ONEAGENT_REASON, reason.name())
        .annotate(Annotations.DYNAKUBE_INJECTED, "false")
        .annotate(Annotations.DYNAKUBE_REASON, reason.name());
  }

  private InjectionResult notInjected(Pod pod, NotInjectedReason reason, List<PendingEvent> events) {
    return new InjectionResult(InjectionResult.Outcome.NOT_INJECTED, pod, notInjectedEdit(reason), reason, null, events);
  }

  /** Not injected, with a Warning event on the namespace (rate-limited per namespace and reason by the recorder). */
  private InjectionResult notInjected(Pod pod, String namespace, DynaKube dk, NotInjectedReason reason) {
    return notInjected(pod, reason, List.of(warning(namespace, dk, reason)));
  }

  private PendingEvent warning(String namespace, DynaKube dk, NotInjectedReason reason) {
    return new PendingEvent(namespace, PendingEvent.WARNING, reason.name(), "Pods in namespace " + namespace
        + " are not injected by DynaKube '" + dk.getMetadata().getName() + "': " + reason.name() + ".",
        namespace + "/" + reason.name());
  }

  private static PodEdit mutate(Pod pod, InjectionPlan plan, boolean attachPullSecret) {
    PodEdit edit = new PodEdit();
    List<Container> containers = pod.getSpec().getContainers();
    List<Container> injected = new ArrayList<>();
    for (int i = 0; i < containers.size(); i++) {
      Container container = containers.get(i);
      if (plan.injectContainers().contains(container.getName())) {
        edit.container(i, ContainerInjector.edit(container, plan));
        injected.add(container);
      }
    }
    List<Volume> existingVolumes = pod.getSpec().getVolumes() == null ? List.of() : pod.getSpec().getVolumes();
    for (Volume volume : InjectionVolumes.build(plan, pod)) {
      if (existingVolumes.stream().noneMatch(existing -> existing.getName().equals(volume.getName()))) {
        edit.addVolume(volume);
      }
    }
    edit.addInitContainer(InitContainerFactory.build(plan, pod, injected));
    if (attachPullSecret && (pod.getSpec().getImagePullSecrets() == null || pod.getSpec().getImagePullSecrets().stream()
        .noneMatch(ref -> ObjectNames.INJECTION_PULL_SECRET.equals(ref.getName())))) {
      edit.addPullSecret(new LocalObjectReference(ObjectNames.INJECTION_PULL_SECRET));
    }
    edit.annotate(Annotations.ONEAGENT_INJECTED, "true")
        .annotate(Annotations.DYNAKUBE_INJECTED, "true")
        .annotate(Annotations.ONEAGENT_DELIVERY, plan.delivery().text());
    if (!plan.skippedContainers().isEmpty()) {
      edit.annotate(Annotations.ONEAGENT_SKIPPED_CONTAINERS, String.join(",", plan.skippedContainers()));
    }
    return edit;
  }

  /** §4.9: containers added by later webhooks get mounts, env and one {@code --attribute-container} each; nothing else. */
  private InjectionResult reinvoke(Pod pod, String namespace) {
    Optional<DynaKube> dk = instanceLabel(namespace).flatMap(cache::dynaKube);
    if (dk.isEmpty() || dk.get().getSpec() == null || dk.get().getSpec().getOneAgent() == null) {
      return InjectionResult.untouched();
    }
    Optional<OneAgentMode> mode = dk.get().getSpec().getOneAgent().mode().filter(OneAgentMode::injectsCodeModules);
    String installPath = installPath(pod);
    if (mode.isEmpty() || !InstallPath.isValid(installPath)) {
      return InjectionResult.untouched();
    }
    FeatureFlags flags = featureFlags.of(dk.get());
    ContainerSelection selection = ContainerSelection.of(pod, flags, installPath);
    if (selection.injectable().isEmpty()) {
      return InjectionResult.untouched();
    }
    InjectionPlan plan = new InjectionPlan(dk.get(), mode.get(), dk.get().getSpec().getOneAgent().appInjection(mode.get()),
        flags, settings, namespace, installPath, null, null, selection.injectable(), List.of());
    PodEdit edit = new PodEdit();
    List<Container> containers = pod.getSpec().getContainers();
    List<String> newArgs = new ArrayList<>();
    for (int i = 0; i < containers.size(); i++) {
      Container container = containers.get(i);
      if (plan.injectContainers().contains(container.getName())) {
        edit.container(i, ContainerInjector.edit(container, plan));
        newArgs.add(InitContainerFactory.attributeContainer(container));
      }
    }
    List<Container> initContainers = pod.getSpec().getInitContainers();
    for (int i = 0; i < initContainers.size(); i++) {
      if (ObjectNames.INJECTION_INIT_CONTAINER.equals(initContainers.get(i).getName())) {
        edit.appendInitContainerArgs(i, newArgs);
      }
    }
    return new InjectionResult(InjectionResult.Outcome.REINVOKED, pod, edit, null, null, List.of());
  }

  private Delivery delivery(Pod pod, AppInjection injection) {
    String volumeType = annotation(pod, Annotations.ONEAGENT_VOLUME_TYPE);
    if (settings.modules().csiDriver() && !Annotations.VOLUME_TYPE_EPHEMERAL.equals(volumeType == null ? null : volumeType.trim())) {
      return Delivery.CSI;
    }
    return injection.hasCodeModulesImage() ? Delivery.IMAGE : Delivery.ZIP;
  }

  /** The code-modules image, pinned to the verified digest when the operator verified it (webhook.md §4.1). */
  private String initImage(Delivery delivery, DynaKube dk, FeatureFlags flags, AppInjection injection) {
    if (delivery.usesOperatorImage()) {
      return settings.operatorImage();
    }
    String image = injection.getCodeModulesImage();
    SignatureMode mode = flags.signatureVerification().orElse(settings.defaultSignatureMode());
    if (mode == SignatureMode.ENFORCE && CodeModulesReadiness.verified(dk.getStatus().getCodeModules())) {
      ImageReference reference = ImageReference.parse(image);
      return reference.domain() + "/" + reference.path() + "@" + dk.getStatus().getCodeModules().getVerification().getDigest();
    }
    return image;
  }

  private boolean bootstrapperConfigReplicated(DynaKube dk, String namespace) {
    if (cache.replica(namespace, ObjectNames.BOOTSTRAPPER_CONFIG_SECRET).isEmpty()) {
      return false;
    }
    boolean certsSource = cache.operatorSecret(ObjectNames.bootstrapperCertsSourceName(dk)).isPresent();
    return !certsSource || cache.replica(namespace, ObjectNames.BOOTSTRAPPER_CERTS_SECRET).isPresent();
  }

  private Optional<String> instanceLabel(String namespace) {
    String value = namespaceLabels(namespace).get(Labels.DYNAKUBE_INSTANCE);
    return value == null || value.isEmpty() ? Optional.empty() : Optional.of(value);
  }

  private Map<String, String> namespaceLabels(String namespace) {
    return cache.namespace(namespace).map(Namespace::getMetadata).map(ObjectMeta::getLabels).orElse(Map.of());
  }

  private static boolean hasInitContainer(Pod pod) {
    return pod.getSpec().getInitContainers() != null && pod.getSpec().getInitContainers().stream()
        .anyMatch(container -> ObjectNames.INJECTION_INIT_CONTAINER.equals(container.getName()));
  }

  private static String annotation(Pod pod, String key) {
    return pod.getMetadata() == null || pod.getMetadata().getAnnotations() == null ? null
        : pod.getMetadata().getAnnotations().get(key);
  }

  /** Pod annotation {@code oneagent.astromkey.com/install-path}, else the default (webhook.md §4.4). */
  private static String installPath(Pod pod) {
    String value = annotation(pod, Annotations.ONEAGENT_INSTALL_PATH);
    return value == null ? InstallPath.DEFAULT : value;
  }

  private static boolean isFalse(String value) {
    return value != null && "false".equalsIgnoreCase(value.trim());
  }

  private static boolean isTrue(String value) {
    return value != null && "true".equalsIgnoreCase(value.trim());
  }

}
