package com.astromkey.operator.injection;

import static org.assertj.core.api.Assertions.assertThat;

import com.astromkey.domain.feature.FeatureFlags;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which namespaces a DynaKube labels, unlabels or conflicts on (operator.md §7). */
class NamespaceMembershipTest {
  private static final LabelSelector MONITORED = new LabelSelectorBuilder().withMatchLabels(Map.of("monitor", "true")).build();
  private static final String INSTANCE = "dynakube.internal.astromkey.com/instance";

  @Test
  void labelsMatchingUnlabelsLeaversAndReportsConflicts() {
    List<Namespace> namespaces = List.of(
        ns("new-app", Map.of("monitor", "true")),
        ns("labelled", Map.of("monitor", "true", INSTANCE, "dk")),
        ns("left", Map.of(INSTANCE, "dk")),
        ns("taken", Map.of("monitor", "true", INSTANCE, "other")),
        ns("astromkey", Map.of("monitor", "true")),
        ns("kube-system", Map.of("monitor", "true")),
        ns("ignored", Map.of()));

    NamespaceMembership.Plan plan = NamespaceMembership.plan("dk", MONITORED, FeatureFlags.of(Map.of(), "astromkey"),
        namespaces);

    assertThat(plan.toLabel()).containsExactly("new-app");
    assertThat(plan.monitored()).containsExactly("labelled", "new-app");
    assertThat(plan.toUnlabel()).containsExactly("left");
    assertThat(plan.conflicts()).containsExactly("taken");
  }

  @Test
  void emptySelectorSelectsEveryNamespaceNotIgnored() {
    NamespaceMembership.Plan plan = NamespaceMembership.plan("dk", null,
        FeatureFlags.of(Map.of("feature.astromkey.com/ignored-namespaces", "[\"^skip-.*\"]"), "astromkey"),
        List.of(ns("a", Map.of()), ns("skip-me", Map.of()), ns("kube-public", Map.of())));

    assertThat(plan.monitored()).containsExactly("a", "kube-public");
  }

  private static Namespace ns(String name, Map<String, String> labels) {
    return new NamespaceBuilder().withNewMetadata().withName(name).withLabels(labels).endMetadata().build();
  }
}
