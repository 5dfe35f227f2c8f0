package com.astromkey.webhook.pod;

import com.astromkey.domain.duration.Durations;
import com.astromkey.domain.names.Annotations;
import com.astromkey.domain.names.CsiVolumeAttributes;
import com.astromkey.domain.names.ObjectNames;
import io.fabric8.kubernetes.api.model.EmptyDirVolumeSource;
import io.fabric8.kubernetes.api.model.EmptyDirVolumeSourceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The three pod volumes of webhook.md §4.3 and the check that existing volumes of those names have the same kind. */
public final class InjectionVolumes {
  private static final Logger LOG = LoggerFactory.getLogger(InjectionVolumes.class);

  private InjectionVolumes() {}

  /** The volumes in the order they are appended. */
  public static List<Volume> build(InjectionPlan plan, Pod pod) {
    return List.of(oneAgentBin(plan, pod), config(pod), input());
  }

  /** The name of the first existing volume whose source differs from ours (§3 row 11). */
  public static Optional<String> conflictingVolume(Pod pod, Delivery delivery) {
    if (pod.getSpec().getVolumes() == null) {
      return Optional.empty();
    }
    for (Volume volume : pod.getSpec().getVolumes()) {
      String name = volume.getName();
      boolean conflict;
      if (ObjectNames.VOLUME_ONEAGENT_BIN.equals(name)) {
        conflict = delivery == Delivery.CSI
            ? volume.getCsi() == null || !ObjectNames.CSI_DRIVER.equals(volume.getCsi().getDriver())
            : volume.getEmptyDir() == null;
      } else if (ObjectNames.VOLUME_ASTROMKEY_CONFIG.equals(name)) {
        conflict = volume.getEmptyDir() == null;
      } else if (ObjectNames.VOLUME_ASTROMKEY_INPUT.equals(name)) {
        conflict = volume.getProjected() == null;
      } else {
        conflict = false;
      }
      if (conflict) {
        return Optional.of(name);
      }
    }
    return Optional.empty();
  }

  private static Volume oneAgentBin(InjectionPlan plan, Pod pod) {
    if (plan.delivery() == Delivery.CSI) {
      Map<String, String> attributes = new LinkedHashMap<>();
      attributes.put(CsiVolumeAttributes.MODE, CsiVolumeAttributes.MODE_APP);
      attributes.put(CsiVolumeAttributes.DYNAKUBE, plan.dkName());
      attributes.put(CsiVolumeAttributes.RETRY_TIMEOUT, Durations.format(plan.flags().maxCsiMountTimeout()));
      return new VolumeBuilder().withName(ObjectNames.VOLUME_ONEAGENT_BIN)
          .withNewCsi().withDriver(ObjectNames.CSI_DRIVER).withReadOnly(true).withVolumeAttributes(attributes).endCsi()
          .build();
    }
    return new VolumeBuilder().withName(ObjectNames.VOLUME_ONEAGENT_BIN)
        .withEmptyDir(emptyDir(pod, Annotations.VOLUME_ONEAGENT_BIN_SIZE)).build();
  }

  private static Volume config(Pod pod) {
    return new VolumeBuilder().withName(ObjectNames.VOLUME_ASTROMKEY_CONFIG)
        .withEmptyDir(emptyDir(pod, Annotations.VOLUME_ASTROMKEY_CONFIG_SIZE)).build();
  }

  private static Volume input() {
    return new VolumeBuilder().withName(ObjectNames.VOLUME_ASTROMKEY_INPUT)
        .withNewProjected()
        .addNewSource().withNewSecret().withName(ObjectNames.BOOTSTRAPPER_CONFIG_SECRET).endSecret().endSource()
        .addNewSource().withNewSecret().withName(ObjectNames.BOOTSTRAPPER_CERTS_SECRET).withOptional(true).endSecret().endSource()
        .endProjected()
        .build();
  }

  private static EmptyDirVolumeSource emptyDir(Pod pod, String sizeAnnotation) {
    Map<String, String> annotations = pod.getMetadata().getAnnotations();
    String size = annotations == null ? null : annotations.get(sizeAnnotation);
    if (size == null || size.isBlank()) {
      return new EmptyDirVolumeSource();
    }
    try {
      Quantity quantity = new Quantity(size.trim());
      Quantity.getAmountInBytes(quantity);
      return new EmptyDirVolumeSourceBuilder().withSizeLimit(quantity).build();
    } catch (IllegalArgumentException | ArithmeticException e) {
      LOG.warn("Pod annotation {}='{}' is not a quantity; the volume gets no size limit", sizeAnnotation, size);
      return new EmptyDirVolumeSource();
    }
  }
}
