package com.astromkey.csi.provisioner;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.List;
import java.util.Map;

/**
 * The Helm {@code csidriver.job.*} settings of node-image-pull Jobs, read from {@code AK_HELM_JSON.job}
 * (helm-and-image.md §3): tolerations, annotations, labels, container securityContext, resources, priority class.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record JobSettings(
    List<Toleration> tolerations,
    Map<String, String> annotations,
    Map<String, String> labels,
    SecurityContext securityContext,
    ResourceRequirements resources,
    String priorityClassName) {

  private static final ObjectMapper JSON = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  public JobSettings {
    tolerations = tolerations == null ? List.of() : List.copyOf(tolerations);
    annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
    labels = labels == null ? Map.of() : Map.copyOf(labels);
    priorityClassName = priorityClassName == null || priorityClassName.isBlank() ? null : priorityClassName;
  }

  public static JobSettings none() {
    return new JobSettings(null, null, null, null, null, null);
  }

  /** {@code {"job": {...}}}; null, blank or without {@code job} means no settings. */
  public static JobSettings fromHelmJson(String helmJson) {
    if (helmJson == null || helmJson.isBlank()) return none();
    try {
      JsonNode job = JSON.readTree(helmJson).path("job");
      return job.isObject() ? JSON.treeToValue(job, JobSettings.class) : none();
    } catch (Exception e) {
      throw new IllegalArgumentException("AK_HELM_JSON.job is not valid: " + e.getMessage(), e);
    }
  }
}
