package com.astromkey.operator.oneagent;

import com.astromkey.domain.dynakube.DynaKube;
import com.astromkey.domain.dynakube.spec.HostInjectSpec;
import com.astromkey.domain.dynakube.spec.OneAgentMode;
import com.astromkey.domain.dynakube.status.Healthcheck;
import com.astromkey.domain.duration.Durations;
import com.astromkey.domain.feature.FeatureFlags;
import com.astromkey.domain.names.Annotations;
import com.astromkey.domain.names.CsiVolumeAttributes;
import com.astromkey.domain.names.EnvVars;
import com.astromkey.domain.names.Labels;
import com.astromkey.domain.names.ObjectNames;
import com.astromkey.domain.names.PathNames;
import com.astromkey.domain.names.SecretKeys;
import com.astromkey.operator.kube.OwnedObjects;
import com.astromkey.operator.pullsecret.WorkloadPullSecrets;
import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.CapabilitiesBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds the OneAgent DaemonSet {@code <dk>-oneagent} for the host modes (operator.md §6.1). */
public final class OneAgentDaemonSet {
  static final List<String> CAPABILITIES = List.of("CHOWN", "DAC_OVERRIDE", "DAC_READ_SEARCH", "FOWNER", "FSETID", "KILL",
      "NET_ADMIN", "NET_RAW", "SETFCAP", "SETGID", "SETUID", "SYS_ADMIN", "SYS_CHROOT", "SYS_PTRACE", "SYS_RESOURCE");
  static final String DEFAULT_DNS_POLICY = "ClusterFirstWithHostNet";
  static final long TERMINATION_GRACE_SECONDS = 80;
  static final long READ_ONLY_UID = 1000;
  static final int MAX_READINESS_DELAY_SECONDS = 90;
  private static final String INTERNAL_PROXY_MOUNT = PathNames.ACTIVEGATE_INTERNAL_PROXY;
  private static final String VOLUME_PROXY = "internal-proxy";

  private OneAgentDaemonSet() {}

  /**
   * Resolved state the DaemonSet depends on.
   *
   * @param proxy whether {@code <dk>-internal-proxy} exists and is mounted
   * @param noProxy FF {@code no-proxy}, passed to the agent when a proxy is set
   */
  public record Inputs(String image, String version, Healthcheck healthcheck, String tenantTokenHash, String proxyHash,
      boolean proxy, String noProxy, String kubeSystemUUID, String tenantUUID, String helmPullSecret,
      boolean csiDriverInstalled) {}

  public static String component(OneAgentMode mode) {
    switch (mode) {
      case CLASSIC_FULL_STACK: return Labels.COMPONENT_CLASSIC_FULL_STACK;
      case CLOUD_NATIVE_FULL_STACK: return Labels.COMPONENT_CLOUD_NATIVE_FULL_STACK;
      case HOST_MONITORING: return Labels.COMPONENT_HOST_MONITORING;
      default: throw new IllegalArgumentException(mode.field() + " runs no DaemonSet");
    }
  }

  public static DaemonSet build(DynaKube dk, OneAgentMode mode, Inputs in) {
    HostInjectSpec spec = dk.getSpec().getOneAgent().hostSpec(mode);
    FeatureFlags flags = FeatureFlags.of(dk);
    Map<String, String> labels = OwnedObjects.labels(dk, Labels.NAME_ONEAGENT, component(mode));
    putAll(labels, spec.getLabels());
    Map<String, String> podLabels = new LinkedHashMap<>(labels);
    Map<String, String> dsLabels = OwnedObjects.withVersion(new LinkedHashMap<>(labels), in.version());

    return new DaemonSetBuilder()
        .withMetadata(OwnedObjects.meta(dk, ObjectNames.oneAgentDaemonSetName(dk), dsLabels))
        .withNewSpec()
          .withNewSelector().withMatchLabels(OwnedObjects.selector(dk, Labels.NAME_ONEAGENT)).endSelector()
          .withNewUpdateStrategy().withType("RollingUpdate")
            .withNewRollingUpdate().withNewMaxUnavailable(1).endRollingUpdate().endUpdateStrategy()
          .withNewTemplate()
            .withNewMetadata().withLabels(podLabels).withAnnotations(podAnnotations(spec, in)).endMetadata()
            .withNewSpec()
              .withHostNetwork(true).withHostPID(true).withHostIPC(false)
              .withServiceAccountName(ObjectNames.ONEAGENT_SERVICE_ACCOUNT)
              .withDnsPolicy(orDefault(spec.getDnsPolicy(), DEFAULT_DNS_POLICY))
              .withTerminationGracePeriodSeconds(TERMINATION_GRACE_SECONDS)
              .withNodeSelector(emptyToNull(spec.getNodeSelector()))
              .withTolerations(spec.getTolerations())
              .withPriorityClassName(blankToNull(spec.getPriorityClassName()))
              .withImagePullSecrets(WorkloadPullSecrets.references(dk, in.helmPullSecret()))
              .withSecurityContext(mode.readOnlyHost()
                  ? new io.fabric8.kubernetes.api.model.PodSecurityContextBuilder().withFsGroup(READ_ONLY_UID).build()
                  : null)
              .withContainers(container(dk, mode, spec, flags, in))
              .withVolumes(volumes(dk, mode, spec, in))
            .endSpec()
          .endTemplate()
        .endSpec()
        .build();
  }

  private static Map<String, String> podAnnotations(HostInjectSpec spec, Inputs in) {
    Map<String, String> annotations = new LinkedHashMap<>();
    annotations.put(Annotations.ONEAGENT_APPARMOR, "unconfined");
    annotations.put(Annotations.INJECT, "false");
    annotations.put(Annotations.TENANT_TOKEN_HASH, nullToEmpty(in.tenantTokenHash()));
    annotations.put(Annotations.PROXY_HASH, nullToEmpty(in.proxyHash()));
    annotations.put(Annotations.AUTOSCALER_DS_EVICTION, "false");
    putAll(annotations, spec.getAnnotations());
    return annotations;
  }

  private static Container container(DynaKube dk, OneAgentMode mode, HostInjectSpec spec, FeatureFlags flags, Inputs in) {
    ContainerBuilder container = new ContainerBuilder()
        .withName(ObjectNames.ONEAGENT_CONTAINER)
        .withImage(in.image())
        .withImagePullPolicy("IfNotPresent")
        .withArgs(args(dk, mode, spec, in))
        .withEnv(env(dk, mode, spec, in))
        .withSecurityContext(securityContext(mode, spec, flags))
        .withVolumeMounts(mounts(dk, mode, in))
        .withResources(resources(spec.getOneAgentResources()))
        .withReadinessProbe(probe(in.healthcheck(), true));
    if (!flags.oneAgentSkipLivenessProbe()) {
      container.withLivenessProbe(probe(in.healthcheck(), false));
    }
    return container.build();
  }

  /** Installer arguments; a later entry replaces an earlier one with the same key. */
  static List<String> args(DynaKube dk, OneAgentMode mode, HostInjectSpec spec, Inputs in) {
    List<String> ordered = new ArrayList<>();
    if (in.proxy()) {
      ordered.add("--set-no-proxy=" + nullToEmpty(in.noProxy()));
    }
    if (isSet(dk.getSpec().getNetworkZone())) {
      ordered.add("--set-network-zone=" + dk.getSpec().getNetworkZone());
    }
    ordered.add("--set-host-property=OperatorVersion=$(" + EnvVars.AK_OPERATOR_VERSION + ")");
    ordered.add("--set-tenant=$(" + EnvVars.AK_TENANT + ")");
    ordered.add("--set-server={$(" + EnvVars.AK_SERVER + ")}");
    ordered.add("--set-host-id-source=" + (mode == OneAgentMode.CLASSIC_FULL_STACK ? "auto" : "k8s-node-name"));
    if (spec.getArgs() != null) {
      ordered.addAll(spec.getArgs());
    }
    if (isSet(dk.getSpec().getOneAgent().getHostGroup())) {
      ordered.add("--set-host-group=" + dk.getSpec().getOneAgent().getHostGroup());
    }
    Map<String, String> byKey = new LinkedHashMap<>();
    for (String arg : ordered) {
      String key = argKey(arg);
      byKey.remove(key);
      byKey.put(key, arg);
    }
    return new ArrayList<>(byKey.values());
  }

  /** {@code --key} of {@code --key=value}; host properties are keyed by property name. */
  static String argKey(String arg) {
    int eq = arg.indexOf('=');
    if (eq < 0) {
      return arg;
    }
    String key = arg.substring(0, eq);
    if (key.equals("--set-host-property")) {
      int second = arg.indexOf('=', eq + 1);
      return second < 0 ? arg : arg.substring(0, second);
    }
    return key;
  }

  static List<EnvVar> env(DynaKube dk, OneAgentMode mode, HostInjectSpec spec, Inputs in) {
    Map<String, EnvVar> env = new LinkedHashMap<>();
    put(env, new EnvVarBuilder().withName(EnvVars.AK_K8S_NODE_NAME)
        .withNewValueFrom().withNewFieldRef().withFieldPath("spec.nodeName").endFieldRef().endValueFrom().build());
    put(env, new EnvVar(EnvVars.AK_K8S_CLUSTER_ID, nullToEmpty(in.kubeSystemUUID()), null));
    put(env, configMapEnv(EnvVars.AK_DEPLOYMENT_METADATA, ObjectNames.deploymentMetadataConfigMapName(dk),
        SecretKeys.DEPLOYMENT_METADATA_ONEAGENT));
    put(env, configMapEnv(EnvVars.AK_OPERATOR_VERSION, ObjectNames.deploymentMetadataConfigMapName(dk),
        SecretKeys.DEPLOYMENT_METADATA_OPERATOR));
    put(env, configMapEnv(EnvVars.AK_TENANT, ObjectNames.oneAgentConnectionInfoConfigMapName(dk), SecretKeys.TENANT_UUID));
    put(env, configMapEnv(EnvVars.AK_SERVER, ObjectNames.oneAgentConnectionInfoConfigMapName(dk),
        SecretKeys.COMMUNICATION_ENDPOINTS));
    if (mode.readOnlyHost()) {
      put(env, new EnvVar(EnvVars.ONEAGENT_READ_ONLY_MODE, "true", null));
    }
    if (spec.getEnv() != null) {
      spec.getEnv().forEach(e -> put(env, e));
    }
    return new ArrayList<>(env.values());
  }

  private static SecurityContext securityContext(OneAgentMode mode, HostInjectSpec spec, FeatureFlags flags) {
    SecurityContextBuilder security = new SecurityContextBuilder();
    if (mode.readOnlyHost()) {
      security.withRunAsNonRoot(true).withRunAsUser(READ_ONLY_UID).withRunAsGroup(READ_ONLY_UID)
          .withReadOnlyRootFilesystem(true);
    } else {
      security.withRunAsUser(0L).withRunAsGroup(0L).withReadOnlyRootFilesystem(false);
    }
    if (flags.oneAgentPrivileged()) {
      security.withPrivileged(true);
    } else {
      Capabilities capabilities = new CapabilitiesBuilder().withDrop("ALL").withAdd(CAPABILITIES).build();
      security.withCapabilities(capabilities);
    }
    if (isSet(spec.getSecCompProfile())) {
      security.withNewSeccompProfile().withType("Localhost").withLocalhostProfile(spec.getSecCompProfile())
          .endSeccompProfile();
    }
    return security.build();
  }

  private static List<VolumeMount> mounts(DynaKube dk, OneAgentMode mode, Inputs in) {
    List<VolumeMount> mounts = new ArrayList<>();
    mounts.add(new VolumeMountBuilder().withName(ObjectNames.VOLUME_HOST_ROOT).withMountPath(PathNames.HOST_ROOT_MOUNT)
        .withReadOnly(mode.readOnlyHost() ? Boolean.TRUE : null).build());
    mounts.add(new VolumeMountBuilder().withName(ObjectNames.VOLUME_ONEAGENT_TENANT_TOKEN)
        .withMountPath(PathNames.TENANT_TOKEN_FILE).withSubPath(SecretKeys.TENANT_TOKEN).withReadOnly(true).build());
    if (mode.readOnlyHost()) {
      mounts.add(new VolumeMountBuilder().withName(ObjectNames.VOLUME_OSAGENT_STORAGE)
          .withMountPath(PathNames.VOLUME_STORAGE_MOUNT)
          .withSubPath(in.csiDriverInstalled() ? null : nullToEmpty(in.tenantUUID())).build());
    }
    if (isSet(dk.getSpec().getTrustedCAs())) {
      mounts.add(new VolumeMountBuilder().withName(ObjectNames.VOLUME_CLUSTER_CA).withMountPath(PathNames.ONEAGENT_CERTS)
          .withReadOnly(true).build());
    }
    if (in.proxy()) {
      mounts.add(new VolumeMountBuilder().withName(VOLUME_PROXY).withMountPath(INTERNAL_PROXY_MOUNT).withReadOnly(true)
          .build());
    }
    return mounts;
  }

  private static List<Volume> volumes(DynaKube dk, OneAgentMode mode, HostInjectSpec spec, Inputs in) {
    List<Volume> volumes = new ArrayList<>();
    volumes.add(new VolumeBuilder().withName(ObjectNames.VOLUME_HOST_ROOT).withNewHostPath().withPath("/").endHostPath()
        .build());
    volumes.add(new VolumeBuilder().withName(ObjectNames.VOLUME_ONEAGENT_TENANT_TOKEN).withNewSecret()
        .withSecretName(ObjectNames.oneAgentTenantSecretName(dk)).endSecret().build());
    if (mode.readOnlyHost()) {
      if (in.csiDriverInstalled()) {
        volumes.add(new VolumeBuilder().withName(ObjectNames.VOLUME_OSAGENT_STORAGE).withNewCsi()
            .withDriver(ObjectNames.CSI_DRIVER)
            .withVolumeAttributes(Map.of(CsiVolumeAttributes.MODE, CsiVolumeAttributes.MODE_HOST,
                CsiVolumeAttributes.DYNAKUBE, dk.getMetadata().getName()))
            .endCsi().build());
      } else {
        volumes.add(new VolumeBuilder().withName(ObjectNames.VOLUME_OSAGENT_STORAGE).withNewHostPath()
            .withPath(orDefault(spec.getStorageHostPath(), PathNames.DEFAULT_STORAGE_HOST_PATH))
            .withType("DirectoryOrCreate").endHostPath().build());
      }
    }
    if (isSet(dk.getSpec().getTrustedCAs())) {
      volumes.add(new VolumeBuilder().withName(ObjectNames.VOLUME_CLUSTER_CA).withNewConfigMap()
          .withName(dk.getSpec().getTrustedCAs())
          .addNewItem().withKey(SecretKeys.TRUSTED_CAS_CERTS).withPath("certs.pem").endItem()
          .endConfigMap().build());
    }
    if (in.proxy()) {
      volumes.add(new VolumeBuilder().withName(VOLUME_PROXY).withNewSecret()
          .withSecretName(ObjectNames.internalProxySecretName(dk)).endSecret().build());
    }
    return volumes;
  }

  static Probe probe(Healthcheck healthcheck, boolean readiness) {
    ProbeBuilder probe = new ProbeBuilder()
        .withNewExec().withCommand(healthcheck.getTest()).endExec()
        .withPeriodSeconds(seconds(healthcheck.getInterval()))
        .withTimeoutSeconds(seconds(healthcheck.getTimeout()))
        .withFailureThreshold(healthcheck.getRetries());
    if (readiness) {
      probe.withInitialDelaySeconds(Math.min(seconds(healthcheck.getStartPeriod()), MAX_READINESS_DELAY_SECONDS));
    }
    return probe.build();
  }

  static ResourceRequirements resources(ResourceRequirements requested) {
    ResourceRequirements resources = requested == null ? new ResourceRequirements()
        : Serialization.clone(requested);
    Map<String, Quantity> requests = resources.getRequests() == null ? new LinkedHashMap<>()
        : new LinkedHashMap<>(resources.getRequests());
    requests.putIfAbsent("cpu", new Quantity("100m"));
    return new ResourceRequirementsBuilder(resources).withRequests(requests).build();
  }

  private static int seconds(String duration) {
    Duration parsed = Durations.parse(duration);
    return (int) parsed.toSeconds();
  }

  private static EnvVar configMapEnv(String name, String configMap, String key) {
    return new EnvVarBuilder().withName(name).withNewValueFrom().withNewConfigMapKeyRef()
        .withName(configMap).withKey(key).endConfigMapKeyRef().endValueFrom().build();
  }

  private static void put(Map<String, EnvVar> env, EnvVar var) {
    env.remove(var.getName());
    env.put(var.getName(), var);
  }

  private static void putAll(Map<String, String> target, Map<String, String> extra) {
    if (extra != null) {
      target.putAll(extra);
    }
  }

  private static Map<String, String> emptyToNull(Map<String, String> map) {
    return map == null || map.isEmpty() ? null : map;
  }

  private static String orDefault(String value, String fallback) {
    return isSet(value) ? value : fallback;
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
