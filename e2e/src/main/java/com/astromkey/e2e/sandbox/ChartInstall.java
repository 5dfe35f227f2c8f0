package com.astromkey.e2e.sandbox;

import com.astromkey.domain.names.EnvVars;
import com.astromkey.domain.names.ObjectNames;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The plain manifests of packaging (the chart rendered with its defaults) edited with the customer page's Helm values
 * ({@code imageRef.repository}, {@code imageRef.tag}, {@code customPullSecret}) exactly as packaging's manifest README
 * lists the places, then created in the API server; the in-process components take their settings from these objects.
 */
public final class ChartInstall {
  /** The image every manifest names before the Helm values are applied. */
  static final String DEFAULT_IMAGE_PREFIX = "registry.astromkey.com/astromkey/astromkey-operator:";

  private final List<HasMetadata> objects;
  private final String operatorImage;
  private final String pullSecret;

  private ChartInstall(List<HasMetadata> objects, String operatorImage, String pullSecret) {
    this.objects = objects;
    this.operatorImage = operatorImage;
    this.pullSecret = pullSecret;
  }

  /** Loads {@code kubernetes-csi.yaml} (or {@code kubernetes.yaml} without CSI) and applies the Helm values. */
  public static ChartInstall render(KubernetesClient client, boolean csi, String imageRepository, String imageTag,
      String customPullSecret) throws IOException {
    Path file = RepositoryRoot.find().resolve("packaging/src/main/manifests").resolve(csi ? "kubernetes-csi.yaml" : "kubernetes.yaml");
    List<HasMetadata> objects;
    try (InputStream in = Files.newInputStream(file)) {
      objects = new ArrayList<>(client.load(in).items());
    }
    String image = imageRepository + ":" + imageTag;
    for (HasMetadata object : objects) {
      podSpec(object).ifPresent(spec -> {
        for (Container container : containers(spec)) {
          if (container.getImage() != null && container.getImage().startsWith(DEFAULT_IMAGE_PREFIX)) {
            container.setImage(image);
          }
          for (EnvVar env : container.getEnv() == null ? List.<EnvVar>of() : container.getEnv()) {
            if (EnvVars.AK_OPERATOR_IMAGE.equals(env.getName())) {
              env.setValue(image);
            }
          }
          boolean takesPullSecret = ObjectNames.OPERATOR_CONTAINER.equals(container.getName())
              || ObjectNames.WEBHOOK_CONTAINER.equals(container.getName())
              || ObjectNames.CSI_PROVISIONER_CONTAINER.equals(container.getName());
          if (takesPullSecret && customPullSecret != null) {
            container.getEnv().add(new EnvVar(EnvVars.AK_OPERATOR_PULL_SECRET, customPullSecret, null));
          }
        }
        if (customPullSecret != null) {
          spec.setImagePullSecrets(List.of(new LocalObjectReference(customPullSecret)));
        }
      });
    }
    return new ChartInstall(objects, image, customPullSecret);
  }

  /**
   * A chart already rendered with the Helm values ({@code helm template … --set imageRef.… --set customPullSecret=…}), taken
   * as is; the operator image is the one its operator Deployment runs.
   */
  public static ChartInstall rendered(KubernetesClient client, String renderedYaml, String customPullSecret) {
    List<HasMetadata> objects = new ArrayList<>(client.load(new java.io.ByteArrayInputStream(
        renderedYaml.getBytes(java.nio.charset.StandardCharsets.UTF_8))).items());
    String image = objects.stream().filter(o -> o instanceof Deployment && ObjectNames.OPERATOR_DEPLOYMENT.equals(o.getMetadata().getName()))
        .map(o -> ((Deployment) o).getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no Deployment " + ObjectNames.OPERATOR_DEPLOYMENT + " in the rendered chart"));
    return new ChartInstall(objects, image, customPullSecret);
  }

  /** Creates every object; the CRD first, as {@code kubectl apply} orders it. */
  public void install(KubernetesClient client) {
    objects.stream().filter(o -> o instanceof CustomResourceDefinition).forEach(o -> client.resource(o).createOr(c -> c.update()));
    objects.stream().filter(o -> !(o instanceof CustomResourceDefinition)).forEach(o -> client.resource(o).createOr(c -> c.update()));
  }

  public String operatorImage() {
    return operatorImage;
  }

  public Optional<String> pullSecret() {
    return Optional.ofNullable(pullSecret);
  }

  public List<HasMetadata> objects() {
    return List.copyOf(objects);
  }

  /**
   * The environment the kubelet would give a container of a workload: literal values plus the downward-API fields the
   * manifests use ({@code metadata.namespace}, {@code metadata.name}, {@code spec.nodeName}).
   */
  public Map<String, String> environment(String kind, String workload, String container, String podName, String nodeName) {
    HasMetadata object = workload(kind, workload);
    Container c = container(object, container);
    Map<String, String> env = new LinkedHashMap<>();
    for (EnvVar var : c.getEnv() == null ? List.<EnvVar>of() : c.getEnv()) {
      if (var.getValue() != null) {
        env.put(var.getName(), var.getValue());
      } else if (var.getValueFrom() != null && var.getValueFrom().getFieldRef() != null) {
        String field = var.getValueFrom().getFieldRef().getFieldPath();
        switch (field) {
          case "metadata.namespace" -> env.put(var.getName(), object.getMetadata().getNamespace());
          case "metadata.name" -> env.put(var.getName(), podName);
          case "spec.nodeName" -> env.put(var.getName(), nodeName);
          default -> { }
        }
      }
    }
    // the JVM of the test or demo is already running; container JVM options do not apply in-process
    env.remove(EnvVars.JAVA_TOOL_OPTIONS);
    return env;
  }

  /** The container's {@code JAVA_TOOL_OPTIONS}, for components a test runs as child JVMs with their container's options. */
  public Optional<String> javaToolOptions(String kind, String workload, String container) {
    List<EnvVar> env = container(workload(kind, workload), container).getEnv();
    return (env == null ? List.<EnvVar>of() : env).stream().filter(v -> EnvVars.JAVA_TOOL_OPTIONS.equals(v.getName()))
        .map(EnvVar::getValue).findFirst();
  }

  private HasMetadata workload(String kind, String workload) {
    return objects.stream().filter(o -> o.getKind().equals(kind) && o.getMetadata().getName().equals(workload))
        .findFirst().orElseThrow(() -> new IllegalArgumentException("no " + kind + " " + workload + " in the manifests"));
  }

  private static Container container(HasMetadata workload, String container) {
    return containers(podSpec(workload).orElseThrow()).stream().filter(x -> x.getName().equals(container)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no container " + container + " in " + workload.getMetadata().getName()));
  }

  private static Optional<PodSpec> podSpec(HasMetadata object) {
    if (object instanceof Deployment d) {
      return Optional.of(d.getSpec().getTemplate().getSpec());
    }
    if (object instanceof DaemonSet d) {
      return Optional.of(d.getSpec().getTemplate().getSpec());
    }
    return Optional.empty();
  }

  private static List<Container> containers(PodSpec spec) {
    List<Container> all = new ArrayList<>();
    if (spec.getInitContainers() != null) {
      all.addAll(spec.getInitContainers());
    }
    all.addAll(spec.getContainers());
    return all;
  }
}
