package com.astromkey.operator.status;

import com.astromkey.domain.dynakube.status.DynaKubeStatus;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/** Finishes a status draft: conditions, phase (operator.md §9), observedGeneration, and whether it needs writing. */
public final class StatusAggregator {
  public static final String RUNNING = "Running";
  public static final String DEPLOYING = "Deploying";
  public static final String ERROR = "Error";
  /** Fields that change with time only; they never cause a status write on their own. */
  static final Set<String> TIMESTAMP_FIELDS = Set.of("updatedTimestamp", "lastProbeTimestamp", "lastRequest",
      "lastTokenScopeRequest", "lastInstanceStatusUpdate", "checkedAt", "lastTransitionTime");

  private static final ObjectMapper JSON = new ObjectMapper();

  /** How the reconcile ended, as far as the phase is concerned. */
  public enum Outcome { SUCCESS, POSTPONED, UNAVAILABLE, ERROR }

  /** Readiness of what was deployed; {@code null} parts are not configured. */
  public record Readiness(boolean workloadsReady, boolean codeModulesReady) {}

  private StatusAggregator() {}

  public static String phase(Outcome outcome, Readiness readiness, String previousPhase) {
    switch (outcome) {
      case ERROR: return ERROR;
      case UNAVAILABLE: return previousPhase == null ? DEPLOYING : previousPhase;
      case POSTPONED: return DEPLOYING;
      default: return readiness.workloadsReady() && readiness.codeModulesReady() ? RUNNING : DEPLOYING;
    }
  }

  /** Puts conditions, phase and observedGeneration into the draft; stamps updatedTimestamp when something else changed. */
  public static DynaKubeStatus finish(DynaKubeStatus draft, DynaKubeStatus previous, List<io.fabric8.kubernetes.api.model.Condition> conditions,
      String phase, Long generation, Instant now) {
    draft.setConditions(conditions.isEmpty() ? null : conditions);
    draft.setPhase(phase);
    draft.setObservedGeneration(generation);
    if (changed(previous, draft)) {
      draft.setUpdatedTimestamp(now.toString());
    } else {
      draft.setUpdatedTimestamp(previous.getUpdatedTimestamp());
    }
    return draft;
  }

  /** Whether two statuses differ in anything but timestamps. */
  public static boolean changed(DynaKubeStatus before, DynaKubeStatus after) {
    return !withoutTimestamps(before).equals(withoutTimestamps(after));
  }

  static JsonNode withoutTimestamps(DynaKubeStatus status) {
    JsonNode tree = JSON.valueToTree(status == null ? new DynaKubeStatus() : status);
    strip(tree);
    return tree;
  }

  private static void strip(JsonNode node) {
    if (node instanceof ObjectNode object) {
      object.remove(TIMESTAMP_FIELDS);
      object.forEach(StatusAggregator::strip);
    } else if (node.isArray()) {
      node.forEach(StatusAggregator::strip);
    }
  }
}
