package com.astromkey.domain.selector;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Kubernetes label-selector semantics (validity and matching) for namespace selectors, without an API server. */
public final class LabelSelectors {
  private static final Pattern NAME = Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");
  private static final Pattern DNS_SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
  private static final int MAX_NAME = 63;
  private static final int MAX_PREFIX = 253;

  private LabelSelectors() {}

  /** Every problem of the selector, e.g. {@code matchExpressions[0].operator 'Equals' is not one of In, NotIn, Exists, DoesNotExist}. */
  public static List<String> problems(LabelSelector selector) {
    List<String> problems = new ArrayList<>();
    if (selector == null) {
      return problems;
    }
    if (selector.getMatchLabels() != null) {
      selector.getMatchLabels().forEach((key, value) -> {
        keyProblem("matchLabels key '" + key + "'", key, problems);
        valueProblem("matchLabels['" + key + "']", value, problems);
      });
    }
    List<LabelSelectorRequirement> expressions = selector.getMatchExpressions();
    for (int i = 0; expressions != null && i < expressions.size(); i++) {
      LabelSelectorRequirement requirement = expressions.get(i);
      String where = "matchExpressions[" + i + "]";
      keyProblem(where + ".key '" + requirement.getKey() + "'", requirement.getKey(), problems);
      List<String> values = requirement.getValues() == null ? List.of() : requirement.getValues();
      String operator = requirement.getOperator();
      if ("In".equals(operator) || "NotIn".equals(operator)) {
        if (values.isEmpty()) {
          problems.add(where + " has operator " + operator + " but no values");
        }
      } else if ("Exists".equals(operator) || "DoesNotExist".equals(operator)) {
        if (!values.isEmpty()) {
          problems.add(where + " has operator " + operator + ", which takes no values, but lists " + values);
        }
      } else {
        problems.add(where + ".operator '" + operator + "' is not one of In, NotIn, Exists, DoesNotExist");
      }
      for (int j = 0; j < values.size(); j++) {
        valueProblem(where + ".values[" + j + "]", values.get(j), problems);
      }
    }
    return problems;
  }

  public static boolean isValid(LabelSelector selector) {
    return problems(selector).isEmpty();
  }

  /** Whether labels satisfy the selector; null or empty selects everything, an invalid selector nothing. */
  public static boolean matches(LabelSelector selector, Map<String, String> labels) {
    if (selector == null) {
      return true;
    }
    if (!isValid(selector)) {
      return false;
    }
    Map<String, String> actual = labels == null ? Map.of() : labels;
    if (selector.getMatchLabels() != null) {
      for (Map.Entry<String, String> entry : selector.getMatchLabels().entrySet()) {
        if (!entry.getValue().equals(actual.get(entry.getKey()))) {
          return false;
        }
      }
    }
    if (selector.getMatchExpressions() != null) {
      for (LabelSelectorRequirement requirement : selector.getMatchExpressions()) {
        if (!matches(requirement, actual)) {
          return false;
        }
      }
    }
    return true;
  }

  private static boolean matches(LabelSelectorRequirement requirement, Map<String, String> labels) {
    String value = labels.get(requirement.getKey());
    switch (requirement.getOperator()) {
      case "In": return value != null && requirement.getValues().contains(value);
      case "NotIn": return value == null || !requirement.getValues().contains(value);
      case "Exists": return value != null;
      default: return value == null;
    }
  }

  private static void keyProblem(String where, String key, List<String> problems) {
    if (key == null || key.isEmpty()) {
      problems.add(where + " is empty");
      return;
    }
    String name = key;
    int slash = key.indexOf('/');
    if (slash >= 0) {
      String prefix = key.substring(0, slash);
      name = key.substring(slash + 1);
      if (prefix.isEmpty() || prefix.length() > MAX_PREFIX || !DNS_SUBDOMAIN.matcher(prefix).matches()) {
        problems.add(where + " has an invalid prefix (a lower-case DNS subdomain is required)");
        return;
      }
    }
    if (name.isEmpty() || name.length() > MAX_NAME || !NAME.matcher(name).matches()) {
      problems.add(where + " is not a valid label key (at most 63 characters: letters, digits, '-', '_', '.',"
          + " starting and ending with a letter or digit)");
    }
  }

  private static void valueProblem(String where, String value, List<String> problems) {
    if (value == null || value.isEmpty()) {
      return;
    }
    if (value.length() > MAX_NAME || !NAME.matcher(value).matches()) {
      problems.add(where + " '" + value + "' is not a valid label value (at most 63 characters: letters, digits, '-',"
          + " '_', '.', starting and ending with a letter or digit)");
    }
  }
}
