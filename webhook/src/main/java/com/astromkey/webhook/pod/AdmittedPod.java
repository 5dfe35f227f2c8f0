package com.astromkey.webhook.pod;

import com.astromkey.webhook.admission.AdmissionReviews;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;

/**
 * The pod of one admission request and its JSON tree, serialised at most once: the copies that get mutated and the "before"
 * side of the patch both come from that one tree, which the caller must not change.
 */
final class AdmittedPod {
  private final Pod pod;
  private JsonNode json;

  AdmittedPod(Pod pod) {
    this.pod = pod;
  }

  Pod pod() {
    return pod;
  }

  /** The pod as the patch's source document; only built when a patch is. */
  JsonNode json() {
    if (json == null) {
      json = AdmissionReviews.JSON.valueToTree(pod);
    }
    return json;
  }

  /** A deep copy to mutate; never has null metadata. */
  Pod copy() {
    Pod copy;
    try {
      copy = AdmissionReviews.JSON.treeToValue(json(), Pod.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a serialised pod always reads back", e);
    }
    if (copy.getMetadata() == null) {
      copy.setMetadata(new ObjectMeta());
    }
    return copy;
  }
}
