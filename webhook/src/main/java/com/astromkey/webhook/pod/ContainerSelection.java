package com.astromkey.webhook.pod;

import com.astromkey.domain.feature.FeatureFlags;
import com.astromkey.domain.names.Annotations;
import com.astromkey.domain.names.ObjectNames;
import com.astromkey.domain.names.PathNames;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Sorts a pod's containers into injectable, excluded (§4.10) and conflicting (§4.5). */
public final class ContainerSelection {
  private final List<String> injectable = new ArrayList<>();
  private final List<String> excluded = new ArrayList<>();
  private final List<String> conflicting = new ArrayList<>();
  private final List<String> alreadyInjected = new ArrayList<>();

  private ContainerSelection() {}

  public static ContainerSelection of(Pod pod, FeatureFlags flags, String installPath) {
    ContainerSelection selection = new ContainerSelection();
    Set<String> dkExcluded = flags.excludedContainers();
    Map<String, String> podAnnotations = pod.getMetadata().getAnnotations() == null ? Map.of()
        : pod.getMetadata().getAnnotations();
    for (Container container : pod.getSpec().getContainers()) {
      String name = container.getName();
      String podValue = podAnnotations.get(Annotations.containerInject(name));
      if (dkExcluded.contains(name) || (podValue != null && "false".equalsIgnoreCase(podValue.trim()))) {
        selection.excluded.add(name);
      } else if (mountsVolume(container, ObjectNames.VOLUME_ONEAGENT_BIN)) {
        selection.alreadyInjected.add(name);
      } else if (conflicts(container, installPath)) {
        selection.conflicting.add(name);
      } else {
        selection.injectable.add(name);
      }
    }
    return selection;
  }

  public List<String> injectable() {
    return injectable;
  }

  public List<String> excluded() {
    return excluded;
  }

  public List<String> conflicting() {
    return conflicting;
  }

  /** Containers that already mount our code-modules volume (reinvocation). */
  public List<String> alreadyInjected() {
    return alreadyInjected;
  }

  static boolean mountsVolume(Container container, String volume) {
    return container.getVolumeMounts() != null
        && container.getVolumeMounts().stream().anyMatch(mount -> volume.equals(mount.getName()));
  }

  private static boolean conflicts(Container container, String installPath) {
    if (container.getVolumeMounts() == null) {
      return false;
    }
    for (VolumeMount mount : container.getVolumeMounts()) {
      String path = trimSlash(mount.getMountPath());
      if (path.equals(installPath) || path.equals(PathNames.LD_SO_PRELOAD) || path.equals(PathNames.CONTAINER_STATE_DIR)) {
        return true;
      }
    }
    return false;
  }

  private static String trimSlash(String path) {
    if (path == null) {
      return "";
    }
    return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
  }
}
