package com.astromkey.operator.status;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** The conditions of one status draft; {@code lastTransitionTime} moves only when a condition's status flips. */
public final class Conditions {
  private final List<Condition> conditions;
  private final Instant now;

  public Conditions(List<Condition> existing, Instant now) {
    this.conditions = existing == null ? new ArrayList<>() : new ArrayList<>(existing);
    this.now = now;
  }

  public void setTrue(String type, String reason, String message) {
    set(type, "True", reason, message);
  }

  public void setFalse(String type, String reason, String message) {
    set(type, "False", reason, message);
  }

  public void set(String type, String status, String reason, String message) {
    Condition previous = find(type);
    String transition = previous != null && Objects.equals(previous.getStatus(), status)
        ? previous.getLastTransitionTime() : now.toString();
    Condition condition = new ConditionBuilder().withType(type).withStatus(status).withReason(reason)
        .withMessage(message).withLastTransitionTime(transition).build();
    if (previous == null) {
      conditions.add(condition);
    } else {
      conditions.set(conditions.indexOf(previous), condition);
    }
  }

  public void remove(String type) {
    conditions.removeIf(c -> type.equals(c.getType()));
  }

  public Condition find(String type) {
    return conditions.stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null);
  }

  public boolean isFalse(String type) {
    Condition condition = find(type);
    return condition != null && "False".equals(condition.getStatus());
  }

  public List<Condition> list() {
    return List.copyOf(conditions);
  }
}
