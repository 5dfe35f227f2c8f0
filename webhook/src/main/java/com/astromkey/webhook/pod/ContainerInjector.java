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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The mounts (§4.4) and environment (§4.6) that one application container gets; the container itself is not changed. */
public final class ContainerInjector {
  private ContainerInjector() {}

  static ContainerEdit edit(Container container, InjectionPlan plan) {
    List<VolumeMount> mounts = List.of(
        PodModel.mount(ObjectNames.VOLUME_ONEAGENT_BIN, plan.installPath(), null, true),
        PodModel.mount(ObjectNames.VOLUME_ASTROMKEY_CONFIG, PathNames.LD_SO_PRELOAD, PathNames.LD_SO_PRELOAD_SUB_PATH, true),
        PodModel.mount(ObjectNames.VOLUME_ASTROMKEY_CONFIG, PathNames.CONTAINER_STATE_DIR, container.getName(), null));
    List<EnvVar> existing = container.getEnv() == null ? List.of() : container.getEnv();
    List<EnvVar> added = new ArrayList<>(4);
    Map<Integer, EnvVar> replaced = new LinkedHashMap<>();
    ldPreload(existing, InstallPath.library(plan.installPath()), added, replaced);
    addIfAbsent(existing, added, EnvVars.AK_DEPLOYMENT_METADATA, deploymentMetadata(plan));
    addIfAbsent(existing, added, EnvVars.AK_STORAGE, PathNames.AGENT_STORAGE);
    String zone = plan.dk().getSpec().getNetworkZone();
    if (zone != null && !zone.isEmpty()) {
      addIfAbsent(existing, added, EnvVars.AK_NETWORK_ZONE, zone);
    }
    return new ContainerEdit(mounts, added, replaced);
  }

  /** {@code deployment=operator-<type>;operator_version=<v>;cluster_id=<uid>} (README §5.1). */
  public static String deploymentMetadata(InjectionPlan plan) {
    String type = plan.cloudNative() ? DeploymentMetadata.CLOUD_NATIVE_FULLSTACK : DeploymentMetadata.APPLICATION_MONITORING;
    return DeploymentMetadata.value(type, plan.settings().operatorVersion(), plan.clusterUid());
  }

  private static void ldPreload(List<EnvVar> env, String library, List<EnvVar> added, Map<Integer, EnvVar> replaced) {
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
      appended.setAdditionalProperties(new LinkedHashMap<>(existing.getAdditionalProperties()));
      replaced.put(i, appended);
      return;
    }
    added.add(PodModel.env(EnvVars.LD_PRELOAD, library));
  }

  private static void addIfAbsent(List<EnvVar> existing, List<EnvVar> added, String name, String value) {
    if (existing.stream().noneMatch(variable -> name.equals(variable.getName()))) {
      added.add(PodModel.env(name, value));
    }
  }
}
