package com.astromkey.webhook.pod;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.VolumeMount;

/**
 * The fabric8 model objects the mutation adds, made with constructors and setters: fabric8 builders keep visitor bookkeeping
 * per object, which cost more than the rest of the mutation (docs/performance.md).
 */
final class PodModel {
  private PodModel() {}

  /** {@code subPath} and {@code readOnly} may be null (not serialised). */
  static VolumeMount mount(String volume, String mountPath, String subPath, Boolean readOnly) {
    VolumeMount mount = new VolumeMount();
    mount.setName(volume);
    mount.setMountPath(mountPath);
    mount.setSubPath(subPath);
    mount.setReadOnly(readOnly);
    return mount;
  }

  static EnvVar env(String name, String value) {
    EnvVar env = new EnvVar();
    env.setName(name);
    env.setValue(value);
    return env;
  }
}
