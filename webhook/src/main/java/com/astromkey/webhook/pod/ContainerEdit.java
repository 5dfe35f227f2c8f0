package com.astromkey.webhook.pod;

import com.astromkey.webhook.admission.PatchOperation;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** What injection changes in one application container: appended mounts and variables, and variables replaced in place. */
record ContainerEdit(List<VolumeMount> addedMounts, List<EnvVar> addedEnv, Map<Integer, EnvVar> replacedEnv) {

  void appendPatch(String path, Container original, List<PatchOperation> ops) {
    PodEdit.appendAll(path + "/volumeMounts", original.getVolumeMounts(), addedMounts, ops);
    replacedEnv.forEach((index, variable) -> ops.add(PatchOperation.replace(path + "/env/" + index, variable)));
    PodEdit.appendAll(path + "/env", original.getEnv(), addedEnv, ops);
  }

  void applyTo(Container container) {
    List<VolumeMount> mounts = container.getVolumeMounts() == null ? new ArrayList<>() : new ArrayList<>(container.getVolumeMounts());
    mounts.addAll(addedMounts);
    container.setVolumeMounts(mounts);
    List<EnvVar> env = container.getEnv() == null ? new ArrayList<>() : new ArrayList<>(container.getEnv());
    replacedEnv.forEach(env::set);
    env.addAll(addedEnv);
    container.setEnv(env);
  }
}
