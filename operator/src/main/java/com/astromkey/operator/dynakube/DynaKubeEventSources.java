package com.astromkey.operator.dynakube;

import com.astromkey.domain.dynakube.DynaKube;
import com.astromkey.domain.names.Labels;
import com.astromkey.operator.OperatorConfig;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.SecondaryToPrimaryMapper;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.Mappers;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.stream.Collectors;

/**
 * The watches of operator.md §2: owned objects by owner reference, Secrets and ConfigMaps a DynaKube names (so a rotated
 * or newly created secret is picked up at once), Namespaces (label changes, new namespaces) and the OneAgent pods.
 */
final class DynaKubeEventSources {
  private DynaKubeEventSources() {}

  static List<EventSource<?, DynaKube>> all(EventSourceContext<DynaKube> context, OperatorConfig config) {
    return List.of(
        owned(context, DaemonSet.class),
        owned(context, StatefulSet.class),
        owned(context, Service.class),
        ownedOrNamed(context, ConfigMap.class, (dk, name) -> name.equals(dk.getSpec().getTrustedCAs())),
        ownedOrNamed(context, Secret.class, (dk, name) -> referencesSecret(dk, name, config.helmPullSecret())),
        namespaces(context),
        oneAgentPods(context));
  }

  static boolean referencesSecret(DynaKube dk, String name, String helmPullSecret) {
    return name.equals(dk.getSpec().tokensOr(dk.getMetadata().getName()))
        || name.equals(dk.getSpec().getCustomPullSecret())
        || name.equals(helmPullSecret)
        || dk.getSpec().getProxy() != null && name.equals(dk.getSpec().getProxy().getValueFrom());
  }

  private static <R extends HasMetadata> EventSource<R, DynaKube> owned(EventSourceContext<DynaKube> context, Class<R> type) {
    return new InformerEventSource<>(InformerEventSourceConfiguration.from(type, DynaKube.class)
        .withName(type.getSimpleName().toLowerCase(java.util.Locale.ROOT))
        .withSecondaryToPrimaryMapper(Mappers.fromOwnerReferences(DynaKube.class, false))
        .build(), context);
  }

  private static <R extends HasMetadata> EventSource<R, DynaKube> ownedOrNamed(EventSourceContext<DynaKube> context,
      Class<R> type, BiPredicate<DynaKube, String> references) {
    SecondaryToPrimaryMapper<R> owners = Mappers.fromOwnerReferences(DynaKube.class, false);
    SecondaryToPrimaryMapper<R> mapper = resource -> {
      Set<ResourceID> ids = new HashSet<>(owners.toPrimaryResourceIDs(resource));
      context.getPrimaryCache().list()
          .filter(dk -> dk.getMetadata().getNamespace().equals(resource.getMetadata().getNamespace()))
          .filter(dk -> references.test(dk, resource.getMetadata().getName()))
          .forEach(dk -> ids.add(ResourceID.fromResource(dk)));
      return ids;
    };
    return new InformerEventSource<>(InformerEventSourceConfiguration.from(type, DynaKube.class)
        .withName(type.getSimpleName().toLowerCase(java.util.Locale.ROOT))
        .withSecondaryToPrimaryMapper(mapper)
        .build(), context);
  }

  /** OneAgent pods, for {@code status.oneAgent.instances}; they belong to the DaemonSet, so they map by created-by label. */
  private static EventSource<Pod, DynaKube> oneAgentPods(EventSourceContext<DynaKube> context) {
    return new InformerEventSource<>(InformerEventSourceConfiguration.from(Pod.class, DynaKube.class)
        .withName("oneagent-pods")
        .withLabelSelector(Labels.APP_NAME + "=" + Labels.NAME_ONEAGENT)
        .withSecondaryToPrimaryMapper(pod -> {
          String owner = pod.getMetadata().getLabels() == null ? null
              : pod.getMetadata().getLabels().get(Labels.APP_CREATED_BY);
          return owner == null ? Set.of() : Set.of(new ResourceID(owner, pod.getMetadata().getNamespace()));
        })
        .build(), context);
  }

  private static EventSource<Namespace, DynaKube> namespaces(EventSourceContext<DynaKube> context) {
    SecondaryToPrimaryMapper<Namespace> everyDynaKube = namespace -> context.getPrimaryCache().list()
        .map(ResourceID::fromResource).collect(Collectors.toSet());
    return new InformerEventSource<>(InformerEventSourceConfiguration.from(Namespace.class, DynaKube.class)
        .withName("namespace")
        .withWatchAllNamespaces()
        .withSecondaryToPrimaryMapper(everyDynaKube)
        .build(), context);
  }
}
