package com.astromkey.operator.activegate;

import com.astromkey.domain.dynakube.DynaKube;
import com.astromkey.domain.dynakube.spec.ActiveGateSpec;
import com.astromkey.domain.names.Annotations;
import com.astromkey.domain.names.EnvVars;
import com.astromkey.domain.names.Labels;
import com.astromkey.domain.names.ObjectNames;
import com.astromkey.domain.names.PathNames;
import com.astromkey.domain.names.SecretKeys;
import com.astromkey.operator.kube.OwnedObjects;
import com.astromkey.operator.pullsecret.WorkloadPullSecrets;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraintBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds the ActiveGate StatefulSet {@code <dk>-activegate} (operator.md §6.2). */
public final class ActiveGateStatefulSet {
  public static final int HTTPS_PORT = 9999;
  public static final int HTTP_PORT = 9998;
  static final long UID = 1001;
  private static final String VOLUME_TENANT_TOKEN = "tenant-token";
  private static final String VOLUME_AUTH_TOKEN = "auth-token";
  private static final String VOLUME_ROOT_CA = "trusted-cas";
  private static final String VOLUME_PROXY = "internal-proxy";
  private static final List<String> GATEWAY_DIRS = List.of("config", "data", "temp", "ssl");

  private ActiveGateStatefulSet() {}

  /** Resolved state the StatefulSet depends on; {@code configHash} covers the capabilities and the connection info. */
  public record Inputs(String image, String version, String tenantTokenHash, String configHash, boolean proxy,
      String kubeSystemUUID, String helmPullSecret) {}

  public static StatefulSet build(DynaKube dk, Inputs in) {
    ActiveGateSpec spec = dk.getSpec().getActiveGate();
    Map<String, String> labels = OwnedObjects.labels(dk, Labels.NAME_ACTIVEGATE, Labels.COMPONENT_ACTIVEGATE);
    Map<String, String> podLabels = new LinkedHashMap<>(labels);
    if (spec.getLabels() != null) {
      podLabels.putAll(spec.getLabels());
    }
    Map<String, String> annotations = new LinkedHashMap<>();
    annotations.put(Annotations.INJECT, "false");
    annotations.put(Annotations.TENANT_TOKEN_HASH, nullToEmpty(in.tenantTokenHash()));
    annotations.put(Annotations.CONFIG_HASH, nullToEmpty(in.configHash()));
    if (spec.getAnnotations() != null) {
      annotations.putAll(spec.getAnnotations());
    }
    boolean kubernetesMonitoring = spec.getCapabilities().contains("kubernetes-monitoring");
    return new StatefulSetBuilder()
        .withMetadata(OwnedObjects.meta(dk, ObjectNames.activeGateStatefulSetName(dk),
            OwnedObjects.withVersion(new LinkedHashMap<>(labels), in.version())))
        .withNewSpec()
          .withReplicas(spec.getReplicas() == null ? 1 : spec.getReplicas())
          .withPodManagementPolicy("Parallel")
          .withServiceName(ObjectNames.activeGateServiceName(dk))
          .withNewSelector().withMatchLabels(OwnedObjects.selector(dk, Labels.NAME_ACTIVEGATE)).endSelector()
          .withNewTemplate()
            .withNewMetadata().withLabels(podLabels).withAnnotations(annotations).endMetadata()
            .withNewSpec()
              .withServiceAccountName(ObjectNames.ACTIVEGATE_SERVICE_ACCOUNT)
              .withAutomountServiceAccountToken(kubernetesMonitoring)
              .withNewSecurityContext().withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
                .endSecurityContext()
              .withImagePullSecrets(WorkloadPullSecrets.references(dk, in.helmPullSecret()))
              .withTopologySpreadConstraints(topology(dk, spec))
              .withNodeSelector(spec.getNodeSelector() == null || spec.getNodeSelector().isEmpty()
                  ? null : spec.getNodeSelector())
              .withTolerations(spec.getTolerations())
              .withDnsPolicy(blankToNull(spec.getDnsPolicy()))
              .withPriorityClassName(blankToNull(spec.getPriorityClassName()))
              .withTerminationGracePeriodSeconds(spec.getTerminationGracePeriodSeconds())
              .addNewContainer()
                .withName(ObjectNames.ACTIVEGATE_CONTAINER)
                .withImage(in.image())
                .addNewPort().withName("https").withContainerPort(HTTPS_PORT).endPort()
                .addNewPort().withName("http").withContainerPort(HTTP_PORT).endPort()
                .withNewReadinessProbe().withNewHttpGet().withPath("/rest/health").withScheme("HTTPS")
                  .withPort(new IntOrString(HTTPS_PORT)).endHttpGet().endReadinessProbe()
                .withNewSecurityContext().withRunAsNonRoot(true).withRunAsUser(UID).withRunAsGroup(UID)
                  .withReadOnlyRootFilesystem(true).withNewCapabilities().withDrop("ALL").endCapabilities()
                  .endSecurityContext()
                .withEnv(env(dk, spec, in))
                .withResources(spec.getResources())
                .withVolumeMounts(mounts(dk, in))
              .endContainer()
              .withVolumes(volumes(dk, in))
            .endSpec()
          .endTemplate()
        .endSpec()
        .build();
  }

  /** {@code AK_CAPABILITIES}: capability names with '-' replaced by '_', comma-joined in spec order. */
  public static String capabilities(ActiveGateSpec spec) {
    return String.join(",", spec.getCapabilities().stream().map(c -> c.replace('-', '_')).toList());
  }

  static List<EnvVar> env(DynaKube dk, ActiveGateSpec spec, Inputs in) {
    Map<String, EnvVar> env = new LinkedHashMap<>();
    put(env, new EnvVar(EnvVars.AK_CAPABILITIES, capabilities(spec), null));
    put(env, new EnvVar(EnvVars.AK_ID_SEED_NAMESPACE, dk.getMetadata().getNamespace(), null));
    put(env, new EnvVar(EnvVars.AK_ID_SEED_K8S_CLUSTER_ID, nullToEmpty(in.kubeSystemUUID()), null));
    put(env, configMapEnv(EnvVars.AK_DEPLOYMENT_METADATA, ObjectNames.deploymentMetadataConfigMapName(dk),
        SecretKeys.DEPLOYMENT_METADATA_ACTIVEGATE));
    put(env, new EnvVar(EnvVars.AK_HTTP_PORT, Integer.toString(HTTP_PORT), null));
    if (isSet(spec.getGroup())) {
      put(env, new EnvVar(EnvVars.AK_GROUP, spec.getGroup(), null));
    }
    if (isSet(dk.getSpec().getNetworkZone())) {
      put(env, new EnvVar(EnvVars.AK_NETWORK_ZONE, dk.getSpec().getNetworkZone(), null));
    }
    put(env, configMapEnv(EnvVars.AK_TENANT, ObjectNames.activeGateConnectionInfoConfigMapName(dk), SecretKeys.TENANT_UUID));
    put(env, configMapEnv(EnvVars.AK_SERVER, ObjectNames.activeGateConnectionInfoConfigMapName(dk),
        SecretKeys.COMMUNICATION_ENDPOINTS));
    if (spec.getEnv() != null) {
      spec.getEnv().forEach(e -> put(env, e));
    }
    return new ArrayList<>(env.values());
  }

  private static List<TopologySpreadConstraint> topology(DynaKube dk, ActiveGateSpec spec) {
    if (spec.getTopologySpreadConstraints() != null && !spec.getTopologySpreadConstraints().isEmpty()) {
      return spec.getTopologySpreadConstraints();
    }
    List<TopologySpreadConstraint> constraints = new ArrayList<>();
    for (String key : List.of(Labels.TOPOLOGY_ZONE, Labels.KUBERNETES_HOSTNAME)) {
      constraints.add(new TopologySpreadConstraintBuilder().withMaxSkew(1).withTopologyKey(key)
          .withWhenUnsatisfiable("ScheduleAnyway")
          .withNewLabelSelector().withMatchLabels(OwnedObjects.selector(dk, Labels.NAME_ACTIVEGATE)).endLabelSelector()
          .build());
    }
    return constraints;
  }

  private static List<VolumeMount> mounts(DynaKube dk, Inputs in) {
    List<VolumeMount> mounts = new ArrayList<>();
    mounts.add(mount(VOLUME_TENANT_TOKEN, PathNames.TENANT_TOKEN_FILE, SecretKeys.TENANT_TOKEN, true));
    mounts.add(mount(VOLUME_AUTH_TOKEN, PathNames.AUTH_TOKEN_FILE, SecretKeys.AUTH_TOKEN, true));
    if (isSet(dk.getSpec().getTrustedCAs())) {
      mounts.add(mount(VOLUME_ROOT_CA, PathNames.ACTIVEGATE_ROOT_CA, null, true));
    }
    if (in.proxy()) {
      mounts.add(mount(VOLUME_PROXY, PathNames.ACTIVEGATE_INTERNAL_PROXY, null, true));
    }
    for (String dir : GATEWAY_DIRS) {
      mounts.add(mount("gateway-" + dir, PathNames.ACTIVEGATE_GATEWAY + "/" + dir, null, false));
    }
    mounts.add(mount(ObjectNames.VOLUME_GATEWAY_TMP, PathNames.ACTIVEGATE_GATEWAY_TMP, null, false));
    return mounts;
  }

  private static List<Volume> volumes(DynaKube dk, Inputs in) {
    List<Volume> volumes = new ArrayList<>();
    volumes.add(secretVolume(VOLUME_TENANT_TOKEN, ObjectNames.activeGateTenantSecretName(dk)));
    volumes.add(secretVolume(VOLUME_AUTH_TOKEN, ObjectNames.activeGateAuthTokenSecretName(dk)));
    if (isSet(dk.getSpec().getTrustedCAs())) {
      volumes.add(new VolumeBuilder().withName(VOLUME_ROOT_CA).withNewConfigMap().withName(dk.getSpec().getTrustedCAs())
          .endConfigMap().build());
    }
    if (in.proxy()) {
      volumes.add(secretVolume(VOLUME_PROXY, ObjectNames.internalProxySecretName(dk)));
    }
    for (String dir : GATEWAY_DIRS) {
      volumes.add(new VolumeBuilder().withName("gateway-" + dir).withNewEmptyDir().endEmptyDir().build());
    }
    volumes.add(new VolumeBuilder().withName(ObjectNames.VOLUME_GATEWAY_TMP).withNewEmptyDir().endEmptyDir().build());
    return volumes;
  }

  private static VolumeMount mount(String name, String path, String subPath, boolean readOnly) {
    return new VolumeMountBuilder().withName(name).withMountPath(path).withSubPath(subPath)
        .withReadOnly(readOnly ? Boolean.TRUE : null).build();
  }

  private static Volume secretVolume(String name, String secret) {
    return new VolumeBuilder().withName(name).withNewSecret().withSecretName(secret).endSecret().build();
  }

  private static EnvVar configMapEnv(String name, String configMap, String key) {
    return new EnvVarBuilder().withName(name).withNewValueFrom().withNewConfigMapKeyRef()
        .withName(configMap).withKey(key).endConfigMapKeyRef().endValueFrom().build();
  }

  private static void put(Map<String, EnvVar> env, EnvVar var) {
    env.remove(var.getName());
    env.put(var.getName(), var);
  }

  private static String blankToNull(String value) {
    return isSet(value) ? value : null;
  }

  private static String nullToEmpty(String value) {
    return value == null ? "" : value;
  }

  private static boolean isSet(String value) {
    return value != null && !value.isBlank();
  }
}
