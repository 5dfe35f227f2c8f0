package com.astromkey.webhook.pod;

import com.astromkey.webhook.admission.AdmissionReviews;
import com.astromkey.webhook.admission.JsonPatches;
import com.astromkey.webhook.admission.PatchOperation;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the webhook changes in one admitted pod, as model objects. The JSONPatch is written from it directly (no copy of the pod,
 * no serialisation of the whole mutated pod, no tree diff: those were most of a mutation's cost, docs/performance.md), and the
 * same edit applied to a copy gives the mutated pod, so both always agree. Injection only sets annotations, appends to lists and
 * replaces single list elements.
 */
final class PodEdit {
  private final Map<String, String> annotations = new LinkedHashMap<>();
  private final Map<Integer, ContainerEdit> containers = new LinkedHashMap<>();
  private final Map<Integer, List<String>> initContainerArgs = new LinkedHashMap<>();
  private final List<Container> initContainers = new ArrayList<>();
  private final List<Volume> volumes = new ArrayList<>();
  private final List<LocalObjectReference> pullSecrets = new ArrayList<>();

  PodEdit annotate(String key, String value) {
    annotations.put(key, value);
    return this;
  }

  void container(int index, ContainerEdit edit) {
    containers.put(index, edit);
  }

  void appendInitContainerArgs(int index, List<String> args) {
    initContainerArgs.put(index, List.copyOf(args));
  }

  void addInitContainer(Container container) {
    initContainers.add(container);
  }

  void addVolume(Volume volume) {
    volumes.add(volume);
  }

  void addPullSecret(LocalObjectReference secret) {
    pullSecrets.add(secret);
  }

  /** The operations that turn {@code original} (the pod the edit was planned on) into the edited pod. */
  List<PatchOperation> patch(Pod original) {
    List<PatchOperation> ops = new ArrayList<>();
    Map<String, String> existing = original.getMetadata() == null ? null : original.getMetadata().getAnnotations();
    if (existing == null || existing.isEmpty()) {
      if (!annotations.isEmpty()) {
        ops.add(PatchOperation.add("/metadata/annotations", annotations));
      }
    } else {
      annotations.forEach((key, value) -> {
        String path = "/metadata/annotations/" + JsonPatches.escape(key);
        if (!existing.containsKey(key)) {
          ops.add(PatchOperation.add(path, value));
        } else if (!value.equals(existing.get(key))) {
          ops.add(PatchOperation.replace(path, value));
        }
      });
    }
    PodSpec spec = original.getSpec();
    containers.forEach((index, edit) -> edit.appendPatch("/spec/containers/" + index, spec.getContainers().get(index), ops));
    initContainerArgs.forEach((index, args) ->
        appendAll("/spec/initContainers/" + index + "/args", spec.getInitContainers().get(index).getArgs(), args, ops));
    appendAll("/spec/initContainers", spec.getInitContainers(), initContainers, ops);
    appendAll("/spec/volumes", spec.getVolumes(), volumes, ops);
    appendAll("/spec/imagePullSecrets", spec.getImagePullSecrets(), pullSecrets, ops);
    return ops;
  }

  /** A copy of {@code original} with the edit applied. */
  Pod applyTo(Pod original) {
    Pod copy = AdmissionReviews.JSON.convertValue(original, Pod.class);
    if (copy.getMetadata() == null) {
      copy.setMetadata(new ObjectMeta());
    }
    Map<String, String> merged = copy.getMetadata().getAnnotations() == null ? new LinkedHashMap<>()
        : new LinkedHashMap<>(copy.getMetadata().getAnnotations());
    merged.putAll(annotations);
    copy.getMetadata().setAnnotations(merged);
    PodSpec spec = copy.getSpec();
    if (spec == null) {
      return copy;
    }
    containers.forEach((index, edit) -> edit.applyTo(spec.getContainers().get(index)));
    initContainerArgs.forEach((index, args) -> spec.getInitContainers().get(index).setArgs(appended(spec.getInitContainers()
        .get(index).getArgs(), args)));
    spec.setInitContainers(appended(spec.getInitContainers(), initContainers));
    spec.setVolumes(appended(spec.getVolumes(), volumes));
    spec.setImagePullSecrets(appended(spec.getImagePullSecrets(), pullSecrets));
    return copy;
  }

  /** Appends {@code added} to the array at {@code path}: the whole array when there is none (or an empty one), else element-wise. */
  static void appendAll(String path, List<?> existing, List<?> added, List<PatchOperation> ops) {
    if (added.isEmpty()) {
      return;
    }
    int size = existing == null ? 0 : existing.size();
    if (size == 0) {
      ops.add(PatchOperation.add(path, added));
      return;
    }
    for (int i = 0; i < added.size(); i++) {
      ops.add(PatchOperation.add(path + "/" + (size + i), added.get(i)));
    }
  }

  private static <T> List<T> appended(List<T> existing, List<T> added) {
    if (added.isEmpty()) {
      return existing;
    }
    List<T> all = existing == null ? new ArrayList<>() : new ArrayList<>(existing);
    all.addAll(added);
    return all;
  }
}
