package com.astromkey.webhook.pod;

import com.astromkey.domain.duration.Durations;
import com.astromkey.domain.names.Annotations;
import com.astromkey.domain.names.CsiVolumeAttributes;
import com.astromkey.domain.names.ObjectNames;
import io.fabric8.kubernetes.api.model.CSIVolumeSource;
import io.fabric8.kubernetes.api.model.EmptyDirVolumeSource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ProjectedVolumeSource;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecretProjection;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import java.util.ArrayList;
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
      CSIVolumeSource csi = new CSIVolumeSource();
      csi.setDriver(ObjectNames.CSI_DRIVER);
      csi.setReadOnly(true);
      csi.setVolumeAttributes(attributes);
      Volume volume = volume(ObjectNames.VOLUME_ONEAGENT_BIN);
      volume.setCsi(csi);
      return volume;
    }
    Volume volume = volume(ObjectNames.VOLUME_ONEAGENT_BIN);
    volume.setEmptyDir(emptyDir(pod, Annotations.VOLUME_ONEAGENT_BIN_SIZE));
    return volume;
  }

  private static Volume config(Pod pod) {
    Volume volume = volume(ObjectNames.VOLUME_ASTROMKEY_CONFIG);
    volume.setEmptyDir(emptyDir(pod, Annotations.VOLUME_ASTROMKEY_CONFIG_SIZE));
    return volume;
  }

  private static Volume input() {
    ProjectedVolumeSource projected = new ProjectedVolumeSource();
    projected.setSources(new ArrayList<>(List.of(secretProjection(ObjectNames.BOOTSTRAPPER_CONFIG_SECRET, null),
        secretProjection(ObjectNames.BOOTSTRAPPER_CERTS_SECRET, true))));
    Volume volume = volume(ObjectNames.VOLUME_ASTROMKEY_INPUT);
    volume.setProjected(projected);
    return volume;
  }

  // Constructors and setters rather than fabric8 builders: see PodModel.
  private static Volume volume(String name) {
    Volume volume = new Volume();
    volume.setName(name);
    return volume;
  }

  private static VolumeProjection secretProjection(String secretName, Boolean optional) {
    SecretProjection secret = new SecretProjection();
    secret.setName(secretName);
    secret.setOptional(optional);
    VolumeProjection projection = new VolumeProjection();
    projection.setSecret(secret);
    return projection;
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
      EmptyDirVolumeSource limited = new EmptyDirVolumeSource();
      limited.setSizeLimit(quantity);
      return limited;
    } catch (IllegalArgumentException | ArithmeticException e) {
      LOG.warn("Pod annotation {}='{}' is not a quantity; the volume gets no size limit", sizeAnnotation, size);
      return new EmptyDirVolumeSource();
    }
  }
}
