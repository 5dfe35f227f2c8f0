package com.astromkey.webhook.pod;

import com.astromkey.domain.codemodules.CodeModulesFlavor;
import com.astromkey.domain.feature.FeatureFlags;
import com.astromkey.domain.feature.InjectionFailurePolicy;
import com.astromkey.domain.names.Annotations;
import com.astromkey.domain.names.BootstrapFlags;
import com.astromkey.domain.names.EnvVars;
import com.astromkey.domain.names.ObjectNames;
import com.astromkey.domain.names.PathNames;
import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.api.model.ObjectFieldSelector;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.SeccompProfile;
import io.fabric8.kubernetes.api.model.SecurityContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds the init container {@code astromkey-operator} of webhook.md §4.2. */
public final class InitContainerFactory {
  private static final Logger LOG = LoggerFactory.getLogger(InitContainerFactory.class);
  /** JVM settings that keep the bootstrap JVM inside the init container's 128Mi limit. */
  public static final String BOOTSTRAP_JAVA_TOOL_OPTIONS = "-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss512k"
      + " -XX:MaxRAMPercentage=50 -XX:MaxMetaspaceSize=32m -XX:ReservedCodeCacheSize=8m -XX:MaxDirectMemorySize=8m"
      + " -XX:-UsePerfData -Djava.io.tmpdir=" + PathNames.INIT_CONFIG + "/.tmp";
  public static final long DEFAULT_USER = 1001;
  public static final long DEFAULT_GROUP = 1001;
  static final String PULL_IF_NOT_PRESENT = "IfNotPresent";

  private InitContainerFactory() {}

  // Constructors and setters rather than fabric8 builders: see PodModel.
  public static Container build(InjectionPlan plan, Pod pod, List<Container> injected) {
    Container init = new Container();
    init.setName(ObjectNames.INJECTION_INIT_CONTAINER);
    init.setImage(plan.initImage());
    init.setImagePullPolicy(pullPolicy(plan));
    init.setArgs(args(plan, pod, injected));
    init.setEnv(env(plan));
    init.setResources(resources(plan));
    init.setSecurityContext(securityContext(pod));
    init.setVolumeMounts(new ArrayList<>(List.of(
        PodModel.mount(ObjectNames.VOLUME_ONEAGENT_BIN, PathNames.INIT_BIN, null, plan.delivery() == Delivery.CSI ? Boolean.TRUE : null),
        PodModel.mount(ObjectNames.VOLUME_ASTROMKEY_CONFIG, PathNames.INIT_CONFIG, null, null),
        PodModel.mount(ObjectNames.VOLUME_ASTROMKEY_INPUT, PathNames.INIT_INPUT, null, true))));
    return init;
  }

  /** {@code --attribute-container=<json>} for one container. */
  public static String attributeContainer(Container container) {
    return BootstrapFlags.withValue(BootstrapFlags.ATTRIBUTE_CONTAINER,
        ContainerImageAttributes.json(container.getName(), container.getImage()));
  }

  static List<String> args(InjectionPlan plan, Pod pod, List<Container> injected) {
    List<String> args = new ArrayList<>();
    if (plan.delivery().usesOperatorImage()) {
      args.add(BootstrapFlags.MODE);
    }
    args.add(BootstrapFlags.withValue(BootstrapFlags.SOURCE, PathNames.CODE_MODULES_SOURCE));
    args.add(BootstrapFlags.withValue(BootstrapFlags.TARGET, PathNames.INIT_BIN));
    args.add(BootstrapFlags.withValue(BootstrapFlags.INSTALL_PATH, plan.installPath()));
    args.add(BootstrapFlags.withValue(BootstrapFlags.CONFIG_DIRECTORY, PathNames.INIT_CONFIG));
    args.add(BootstrapFlags.withValue(BootstrapFlags.INPUT_DIRECTORY, PathNames.INIT_INPUT));
    for (Container container : injected) {
      args.add(attributeContainer(container));
    }
    args.add(attribute("k8s.pod.name", "$(" + EnvVars.AK_POD_NAME + ")"));
    args.add(attribute("k8s.pod.uid", "$(" + EnvVars.AK_POD_UID + ")"));
    args.add(attribute("k8s.namespace.name", plan.namespace()));
    args.add(attribute("k8s.node.name", "$(" + EnvVars.AK_NODE_NAME + ")"));
    args.add(attribute("k8s.cluster.uid", plan.clusterUid()));
    if (failurePolicy(plan.flags(), pod) == InjectionFailurePolicy.SILENT) {
      args.add(BootstrapFlags.SUPPRESS_ERROR);
    }
    if (plan.cloudNative()) {
      args.add(BootstrapFlags.FULLSTACK);
      args.add(BootstrapFlags.withValue(BootstrapFlags.TENANT, plan.tenantUuid()));
    }
    String technologies = technologies(plan.flags(), pod);
    if (!technologies.equalsIgnoreCase(FeatureFlags.ALL_TECHNOLOGIES)) {
      args.add(BootstrapFlags.withValue(BootstrapFlags.TECHNOLOGY, technologies));
    }
    if (plan.delivery() == Delivery.ZIP) {
      args.add(BootstrapFlags.withValue(BootstrapFlags.URL, plan.dk().getSpec().getApiUrl()));
      args.add(BootstrapFlags.withValue(BootstrapFlags.VERSION, plan.dk().getStatus().getCodeModules().getVersion()));
      flavor(pod).ifPresent(flavor -> args.add(BootstrapFlags.withValue(BootstrapFlags.FLAVOR, flavor.value())));
    }
    return args;
  }

  /**
   * The pod's flavor annotation if the bootstrap accepts it. Any other value is left out, so the bootstrap downloads its default
   * flavor: passed on, it would make the bootstrap exit 2 and, without --suppress-error, block the pod.
   */
  private static Optional<CodeModulesFlavor> flavor(Pod pod) {
    String value = annotation(pod, Annotations.ONEAGENT_FLAVOR);
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    Optional<CodeModulesFlavor> flavor = CodeModulesFlavor.parse(value);
    if (flavor.isEmpty()) {
      LOG.warn("Pod annotation {}='{}' is not one of {}; the bootstrap downloads its default flavor", Annotations.ONEAGENT_FLAVOR,
          value, CodeModulesFlavor.valueList());
    }
    return flavor;
  }

  private static String attribute(String key, String value) {
    return BootstrapFlags.withValue(BootstrapFlags.ATTRIBUTE, key + "=" + value);
  }

  private static String pullPolicy(InjectionPlan plan) {
    String configured = plan.settings().operatorImagePullPolicy();
    return plan.delivery().usesOperatorImage() && configured != null ? configured : PULL_IF_NOT_PRESENT;
  }

  private static InjectionFailurePolicy failurePolicy(FeatureFlags flags, Pod pod) {
    return InjectionFailurePolicy.parse(annotation(pod, Annotations.ONEAGENT_FAILURE_POLICY))
        .orElse(flags.injectionFailurePolicy());
  }

  private static String technologies(FeatureFlags flags, Pod pod) {
    String podValue = annotation(pod, Annotations.ONEAGENT_TECHNOLOGIES);
    return podValue != null && !podValue.isBlank() ? podValue.trim() : flags.technologies();
  }

  private static List<EnvVar> env(InjectionPlan plan) {
    List<EnvVar> env = new ArrayList<>();
    env.add(fieldRef(EnvVars.AK_POD_NAME, "metadata.name"));
    env.add(fieldRef(EnvVars.AK_POD_UID, "metadata.uid"));
    env.add(fieldRef(EnvVars.AK_NODE_NAME, "spec.nodeName"));
    if (plan.delivery().usesOperatorImage()) {
      env.add(PodModel.env(EnvVars.JAVA_TOOL_OPTIONS, BOOTSTRAP_JAVA_TOOL_OPTIONS));
    }
    return env;
  }

  private static EnvVar fieldRef(String name, String fieldPath) {
    ObjectFieldSelector field = new ObjectFieldSelector();
    field.setFieldPath(fieldPath);
    EnvVarSource source = new EnvVarSource();
    source.setFieldRef(field);
    EnvVar env = new EnvVar();
    env.setName(name);
    env.setValueFrom(source);
    return env;
  }

  private static ResourceRequirements resources(InjectionPlan plan) {
    ResourceRequirements configured = plan.appInjection().getInitResources();
    if (configured != null) {
      return configured;
    }
    ResourceRequirements defaults = new ResourceRequirements();
    // in a fixed order (Map.of's differs between JVM runs), so the same pod always gets the same patch bytes
    defaults.setRequests(cpuAndMemory("30m", "64Mi"));
    defaults.setLimits(cpuAndMemory("500m", "128Mi"));
    return defaults;
  }

  private static Map<String, Quantity> cpuAndMemory(String cpu, String memory) {
    Map<String, Quantity> quantities = new LinkedHashMap<>();
    quantities.put("cpu", new Quantity(cpu));
    quantities.put("memory", new Quantity(memory));
    return quantities;
  }

  /** Defaults, then pod securityContext, first container, and pod annotations override uid/gid in that order. */
  static SecurityContext securityContext(Pod pod) {
    Long user = DEFAULT_USER;
    Long group = DEFAULT_GROUP;
    PodSecurityContext podContext = pod.getSpec().getSecurityContext();
    if (podContext != null) {
      user = podContext.getRunAsUser() != null ? podContext.getRunAsUser() : user;
      group = podContext.getRunAsGroup() != null ? podContext.getRunAsGroup() : group;
    }
    List<Container> containers = pod.getSpec().getContainers();
    SecurityContext first = containers.isEmpty() ? null : containers.get(0).getSecurityContext();
    if (first != null) {
      user = first.getRunAsUser() != null ? first.getRunAsUser() : user;
      group = first.getRunAsGroup() != null ? first.getRunAsGroup() : group;
    }
    user = longAnnotation(pod, Annotations.INIT_CONTAINER_RUN_AS_USER, user);
    group = longAnnotation(pod, Annotations.INIT_CONTAINER_RUN_AS_GROUP, group);
    Capabilities capabilities = new Capabilities();
    capabilities.setDrop(new ArrayList<>(List.of("ALL")));
    SeccompProfile seccomp = new SeccompProfile();
    seccomp.setType("RuntimeDefault");
    SecurityContext context = new SecurityContext();
    context.setReadOnlyRootFilesystem(true);
    context.setAllowPrivilegeEscalation(false);
    context.setPrivileged(false);
    context.setCapabilities(capabilities);
    context.setRunAsUser(user);
    context.setRunAsGroup(group);
    context.setRunAsNonRoot(user != 0);
    context.setSeccompProfile(seccomp);
    return context;
  }

  private static Long longAnnotation(Pod pod, String key, Long fallback) {
    String value = annotation(pod, key);
    if (value == null) {
      return fallback;
    }
    try {
      long parsed = Long.parseLong(value.trim());
      return parsed >= 0 ? parsed : fallback;
    } catch (NumberFormatException e) {
      return fallback;
    }
  }

  static String annotation(Pod pod, String key) {
    Map<String, String> annotations = pod.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(key);
  }
}
