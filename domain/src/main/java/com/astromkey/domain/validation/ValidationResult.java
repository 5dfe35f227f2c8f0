package com.astromkey.domain.validation;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The outcome of validating one DynaKube, with the response texts of api-dynakube-v1beta5.md §7.3. */
public final class ValidationResult {
  public static final int MAX_WARNING_LENGTH = 256;
  public static final int MAX_WARNINGS = 20;
  private static final String ELLIPSIS = "...";

  private final List<Problem> errors;
  private final List<Problem> warnings;
  private final List<String> skippedRuleIds;
  private final List<RuleFailure> ruleFailures;

  /** A rule that threw; it was skipped and reported as warning AKW-000. The cause is kept for the caller's log. */
  public record RuleFailure(String ruleId, RuntimeException cause) {}

  public ValidationResult(List<Problem> problems, List<String> skippedRuleIds, List<RuleFailure> ruleFailures) {
    List<Problem> sorted = new ArrayList<>(problems);
    // Stable: the spec lists rules in ID order, and problems of one ID keep the order their rule found them in.
    sorted.sort(Comparator.comparing(Problem::id));
    this.errors = sorted.stream().filter(Problem::isError).toList();
    this.warnings = sorted.stream().filter(problem -> !problem.isError()).toList();
    this.skippedRuleIds = List.copyOf(skippedRuleIds);
    this.ruleFailures = List.copyOf(ruleFailures);
  }

  public List<Problem> errors() {
    return errors;
  }

  public List<Problem> warnings() {
    return warnings;
  }

  public boolean allowed() {
    return errors.isEmpty();
  }

  /** IDs of the rules skipped because the view is offline, in spec order. */
  public List<String> skippedRuleIds() {
    return skippedRuleIds;
  }

  public List<RuleFailure> ruleFailures() {
    return ruleFailures;
  }

  /** {@code DynaKube <ns>/<name> is invalid (<N> problem(s)):} and one numbered line per error. */
  public String deniedMessage(String namespace, String name) {
    StringBuilder message = new StringBuilder("DynaKube ").append(namespace).append('/').append(name)
        .append(" is invalid (").append(errors.size()).append(" problem(s)):");
    for (int i = 0; i < errors.size(); i++) {
      message.append("\n  ").append(i + 1).append(". ").append(errors.get(i).formatted());
    }
    return message.toString();
  }

  /** {@code [<id>] <message>} per warning, each cut to 256 characters, at most 20. */
  public List<String> warningMessages() {
    return warnings.stream().limit(MAX_WARNINGS).map(Problem::formatted).map(ValidationResult::cut).toList();
  }

  private static String cut(String text) {
    if (text.length() <= MAX_WARNING_LENGTH) {
      return text;
    }
    int end = MAX_WARNING_LENGTH - ELLIPSIS.length();
    if (Character.isHighSurrogate(text.charAt(end - 1))) {
      end--;
    }
    return text.substring(0, end) + ELLIPSIS;
  }
}
