package com.astromkey.domain.selector;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LabelSelectorsTest {
  @Test
  void nullAndEmptySelectorsMatchEverything() {
    assertThat(LabelSelectors.matches(null, Map.of("a", "b"))).isTrue();
    assertThat(LabelSelectors.matches(new LabelSelector(), null)).isTrue();
  }

  @Test
  void matchLabelsAndExpressionsAllHaveToHold() {
    LabelSelector selector = new LabelSelectorBuilder()
        .addToMatchLabels("team", "shop")
        .addNewMatchExpression().withKey("env").withOperator("In").withValues("prod", "stage").endMatchExpression()
        .addNewMatchExpression().withKey("legacy").withOperator("DoesNotExist").endMatchExpression()
        .addNewMatchExpression().withKey("tier").withOperator("NotIn").withValues("db").endMatchExpression()
        .addNewMatchExpression().withKey("monitored").withOperator("Exists").endMatchExpression()
        .build();

    assertThat(LabelSelectors.matches(selector, Map.of("team", "shop", "env", "prod", "monitored", ""))).isTrue();
    assertThat(LabelSelectors.matches(selector, Map.of("team", "shop", "env", "dev", "monitored", ""))).isFalse();
    assertThat(LabelSelectors.matches(selector, Map.of("team", "shop", "env", "prod"))).isFalse();
    assertThat(LabelSelectors.matches(selector, Map.of("team", "shop", "env", "prod", "monitored", "", "legacy", "x")))
        .isFalse();
    assertThat(LabelSelectors.matches(selector, Map.of("team", "shop", "env", "prod", "monitored", "", "tier", "db")))
        .isFalse();
    assertThat(LabelSelectors.matches(selector, Map.of("team", "billing", "env", "prod", "monitored", ""))).isFalse();
  }

  @Test
  void reportsEveryProblemOfAnInvalidSelectorAndMatchesNothing() {
    LabelSelector selector = new LabelSelectorBuilder()
        .addToMatchLabels("bad key!", "ok")
        .addNewMatchExpression().withKey("a").withOperator("Equals").withValues("x").endMatchExpression()
        .addNewMatchExpression().withKey("b").withOperator("Exists").withValues("x").endMatchExpression()
        .addNewMatchExpression().withKey("c").withOperator("In").endMatchExpression()
        .addNewMatchExpression().withKey("Example.com/d").withOperator("In").withValues("-x").endMatchExpression()
        .build();

    assertThat(LabelSelectors.problems(selector)).containsExactly(
        "matchLabels key 'bad key!' is not a valid label key (at most 63 characters: letters, digits, '-', '_', '.',"
            + " starting and ending with a letter or digit)",
        "matchExpressions[0].operator 'Equals' is not one of In, NotIn, Exists, DoesNotExist",
        "matchExpressions[1] has operator Exists, which takes no values, but lists [x]",
        "matchExpressions[2] has operator In but no values",
        "matchExpressions[3].key 'Example.com/d' has an invalid prefix (a lower-case DNS subdomain is required)",
        "matchExpressions[3].values[0] '-x' is not a valid label value (at most 63 characters: letters, digits, '-',"
            + " '_', '.', starting and ending with a letter or digit)");
    assertThat(LabelSelectors.matches(selector, Map.of())).isFalse();
  }

  @Test
  void prefixedKeysAreValid() {
    LabelSelector selector = new LabelSelectorBuilder()
        .addToMatchLabels("kubernetes.io/metadata.name", "shop").build();

    assertThat(LabelSelectors.isValid(selector)).isTrue();
    assertThat(LabelSelectors.matches(selector, Map.of("kubernetes.io/metadata.name", "shop"))).isTrue();
  }
}
