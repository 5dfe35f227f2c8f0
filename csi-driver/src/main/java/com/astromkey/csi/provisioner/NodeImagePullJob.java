package com.astromkey.csi.provisioner;

import com.astromkey.domain.dynakube.DynaKube;
import com.astromkey.domain.feature.FeatureFlags;
import com.astromkey.domain.names.Annotations;
import com.astromkey.domain.names.Labels;
import com.astromkey.domain.names.ObjectNames;
import com.astromkey.domain.names.PathNames;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The node-image-pull Job of csi-driver.md §6.3, built as a pure function of DynaKube, image, node and pull secrets. */
public final class NodeImagePullJob {
  static final long ACTIVE_DEADLINE_SECONDS = 600;
  static final int TTL_SECONDS_AFTER_FINISHED = 10;
  static final int BACKOFF_LIMIT = 2;
  static final String DATA_VOLUME = "data-dir";

  private NodeImagePullJob() {}

  /** Helm values first, ours on top: the selector labels and the inject annotation cannot be overridden. */
  private static Map<String, String> merged(Map<String, String> helm, Map<String, String> ours) {
    Map<String, String> result = new LinkedHashMap<>(helm);
    result.putAll(ours);
    return result;
  }

  /** {@code work/<job>/out}: where the Job's container leaves the tree, relative to the data dir. */
  public static String outDir(String jobName) {
    return "work/" + jobName + "/out";
  }

  /**
   * @param hostDataDir the data dir as the node sees it ({@code <kubeletPath>/plugins/<driver>/data})
   * @param pullSecrets the pull secrets of §5.2 that exist now, in keychain order
   */
  public static Job build(DynaKube dk, String image, String node, String namespace, Path hostDataDir, List<String> pullSecrets,
      JobSettings settings) {
    String name = ObjectNames.nodeImagePullJobName(image, node);
    String data = PathNames.CSI_DATA_DIR;
    List<String> args = new ArrayList<>(List.of("--source=" + PathNames.CODE_MODULES_SOURCE,
        "--target=" + data + "/" + outDir(name), "--work=" + data + "/work/" + name + "/tmp"));
    String technologies = FeatureFlags.of(dk).technologies();
    if (!FeatureFlags.ALL_TECHNOLOGIES.equals(technologies)) args.add("--technology=" + technologies);
    return new JobBuilder()
        .withNewMetadata().withName(name).withNamespace(namespace)
          .withLabels(merged(settings.labels(), Map.of(Labels.APP_MANAGED_BY, Labels.MANAGED_BY_OPERATOR,
              Labels.APP_COMPONENT, Labels.COMPONENT_CODEMODULE_DOWNLOAD,
              Labels.APP_CREATED_BY, dk.getMetadata().getName())))
        .endMetadata()
        .withNewSpec()
          .withActiveDeadlineSeconds(ACTIVE_DEADLINE_SECONDS)
          .withTtlSecondsAfterFinished(TTL_SECONDS_AFTER_FINISHED)
          .withBackoffLimit(BACKOFF_LIMIT)
          .withNewTemplate()
            .withNewMetadata()
              .withAnnotations(merged(settings.annotations(), Map.of(Annotations.INJECT, "false")))
              .withLabels(merged(settings.labels(), Map.of(Labels.APP_MANAGED_BY, Labels.MANAGED_BY_OPERATOR,
                  Labels.APP_COMPONENT, Labels.COMPONENT_CODEMODULE_DOWNLOAD)))
            .endMetadata()
            .withNewSpec()
              .withRestartPolicy("OnFailure")
              .withNodeSelector(Map.of(Labels.KUBERNETES_HOSTNAME, node))
              .withServiceAccountName(ObjectNames.CSI_SERVICE_ACCOUNT)
              .withImagePullSecrets(pullSecrets.stream().map(LocalObjectReference::new).toList())
              .withTolerations(settings.tolerations())
              .withPriorityClassName(settings.priorityClassName())
              .addNewContainer()
                .withName(ObjectNames.CODEMODULE_DOWNLOAD_CONTAINER)
                .withImage(image)
                .withArgs(args)
                .withSecurityContext(settings.securityContext())
                .withResources(settings.resources())
                .addNewVolumeMount().withName(DATA_VOLUME).withMountPath(data).endVolumeMount()
              .endContainer()
              .addNewVolume().withName(DATA_VOLUME).withNewHostPath().withPath(hostDataDir.toString())
                .withType("DirectoryOrCreate").endHostPath().endVolume()
            .endSpec()
          .endTemplate()
        .endSpec()
        .build();
  }
}
