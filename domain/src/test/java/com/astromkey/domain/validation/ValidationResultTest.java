package com.astromkey.domain.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ValidationResultTest {
  @Test
  void errorsAreNumberedInRuleOrderUnderOneHeadline() {
    ValidationResult result = new ValidationResult(List.of(
        new Problem("AKV-050", "third"), new Problem("AKW-003", "warning"), new Problem("AKV-001", "first"),
        new Problem("AKV-020", "second")), List.of(), List.of());

    assertThat(result.allowed()).isFalse();
    assertThat(result.deniedMessage("astromkey", "dynakube")).isEqualTo("""
        DynaKube astromkey/dynakube is invalid (3 problem(s)):
          1. [AKV-001] first
          2. [AKV-020] second
          3. [AKV-050] third""");
    assertThat(result.warningMessages()).containsExactly("[AKW-003] warning");
  }

  @Test
  void problemsOfOneIdKeepTheirOrder() {
    ValidationResult result = new ValidationResult(List.of(
        new Problem("AKV-030", "b"), new Problem("AKV-030", "a")), List.of(), List.of());

    assertThat(result.errors()).extracting(Problem::message).containsExactly("b", "a");
  }

  @Test
  void warningsAreCutTo256CharactersAndAtMost20() {
    List<Problem> problems = new ArrayList<>();
    problems.add(new Problem("AKW-001", "x".repeat(300)));
    problems.add(new Problem("AKW-002", "y".repeat(256 - "[AKW-002] ".length())));
    IntStream.range(0, 25).forEach(i -> problems.add(new Problem("AKW-006", "flag " + i)));

    List<String> messages = new ValidationResult(problems, List.of(), List.of()).warningMessages();

    assertThat(messages).hasSize(20);
    assertThat(messages.get(0)).hasSize(256).startsWith("[AKW-001] xxx").endsWith("x...");
    assertThat(messages.get(1)).hasSize(256).endsWith("yyy");
    assertThat(messages.get(2)).isEqualTo("[AKW-006] flag 0");
  }

  @Test
  void withoutErrorsTheRequestIsAllowed() {
    ValidationResult result = new ValidationResult(List.of(new Problem("AKW-013", "w")), List.of(), List.of());

    assertThat(result.allowed()).isTrue();
    assertThat(result.errors()).isEmpty();
    assertThat(result.deniedMessage("ns", "dk")).isEqualTo("DynaKube ns/dk is invalid (0 problem(s)):");
  }
}
