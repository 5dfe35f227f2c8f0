package com.astromkey.webhook.pod;

import com.astromkey.domain.codemodules.InstallPath;
import com.astromkey.domain.names.DeploymentMetadata;
import com.astromkey.domain.names.EnvVars;
import com.astromkey.domain.names.ObjectNames;
import com.astromkey.domain.names.PathNames;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.util.ArrayList;
import java.util.List;

/** Adds the mounts (§4.4) and environment (§4.6) to one application container, in place. */
public final class ContainerInjector {
  private ContainerInjector() {}

  public static void inject(Container container, InjectionPlan plan) {
    List<VolumeMount> mounts = container.getVolumeMounts() == null ? new ArrayList<>()
        : new ArrayList<>(container.getVolumeMounts());
    mounts.add(PodModel.mount(ObjectNames.VOLUME_ONEAGENT_BIN, plan.installPath(), null, true));
    mounts.add(PodModel.mount(ObjectNames.VOLUME_ASTROMKEY_CONFIG, PathNames.LD_SO_PRELOAD, PathNames.LD_SO_PRELOAD_SUB_PATH, true));
    mounts.add(PodModel.mount(ObjectNames.VOLUME_ASTROMKEY_CONFIG, PathNames.CONTAINER_STATE_DIR, container.getName(), null));
    container.setVolumeMounts(mounts);

    List<EnvVar> env = container.getEnv() == null ? new ArrayList<>() : new ArrayList<>(container.getEnv());
    ldPreload(env, InstallPath.library(plan.installPath()));
    addIfAbsent(env, EnvVars.AK_DEPLOYMENT_METADATA, deploymentMetadata(plan));
    addIfAbsent(env, EnvVars.AK_STORAGE, PathNames.AGENT_STORAGE);
    String zone = plan.dk().getSpec().getNetworkZone();
    if (zone != null && !zone.isEmpty()) {
      addIfAbsent(env, EnvVars.AK_NETWORK_ZONE, zone);
    }
    container.setEnv(env);
  }

  /** {@code deployment=operator-<type>;operator_version=<v>;cluster_id=<uid>} (README §5.1). */
  public static String deploymentMetadata(InjectionPlan plan) {
    String type = plan.cloudNative() ? DeploymentMetadata.CLOUD_NATIVE_FULLSTACK : DeploymentMetadata.APPLICATION_MONITORING;
    return DeploymentMetadata.value(type, plan.settings().operatorVersion(), plan.clusterUid());
  }

  private static void ldPreload(List<EnvVar> env, String library) {
    for (int i = 0; i < env.size(); i++) {
      EnvVar existing = env.get(i);
      if (!EnvVars.LD_PRELOAD.equals(existing.getName())) {
        continue;
      }
      if (existing.getValueFrom() != null) {
        // Cannot append to a value we do not see; the mounted /etc/ld.so.preload still loads the agent.
        return;
      }
      String value = existing.getValue() == null ? "" : existing.getValue();
      if (value.contains(library)) {
        return;
      }
      String separator = value.contains(" ") ? " " : ":";
      String combined = value.isEmpty() ? library : value + separator + library;
      EnvVar appended = PodModel.env(existing.getName(), combined);
      appended.setAdditionalProperties(new java.util.LinkedHashMap<>(existing.getAdditionalProperties()));
      env.set(i, appended);
      return;
    }
    env.add(PodModel.env(EnvVars.LD_PRELOAD, library));
  }

  private static void addIfAbsent(List<EnvVar> env, String name, String value) {
    if (env.stream().noneMatch(variable -> name.equals(variable.getName()))) {
      env.add(PodModel.env(name, value));
    }
  }
}
