package com.astromkey.webhook.pod;

import static org.assertj.core.api.Assertions.assertThat;

import com.astromkey.domain.dynakube.DynaKube;
import com.astromkey.domain.feature.FeatureFlag;
import com.astromkey.webhook.fixture.ClusterFixture;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Flags are read once per DynaKube state: a changed annotation, even changed in place, is seen on the next admission. */
class FeatureFlagsCacheTest {
  private final FeatureFlagsCache cache = new FeatureFlagsCache();

  @Test
  void unchangedDynaKubeReusesItsFlags() {
    DynaKube dk = ClusterFixture.load("pod/cloudnative-csi-ready.yaml").dk();

    assertThat(cache.of(dk)).isSameAs(cache.of(dk));
  }

  @Test
  void anAnnotationChangedInPlaceIsRead() {
    DynaKube dk = ClusterFixture.load("pod/cloudnative-csi-ready.yaml").dk();
    if (dk.getMetadata().getAnnotations() == null) {
      dk.getMetadata().setAnnotations(new LinkedHashMap<>());
    }
    assertThat(cache.of(dk).automaticInjection()).isTrue();

    dk.getMetadata().getAnnotations().put(FeatureFlag.AUTOMATIC_INJECTION.key(), "false");

    assertThat(cache.of(dk).automaticInjection()).isFalse();
  }

  @Test
  void aNewObjectWithOtherAnnotationsIsRead() {
    DynaKube first = ClusterFixture.load("pod/cloudnative-csi-ready.yaml").dk();
    DynaKube second = ClusterFixture.load("pod/cloudnative-csi-ready.yaml").dk();
    second.getMetadata().setAnnotations(new LinkedHashMap<>(Map.of(
        FeatureFlag.IGNORED_NAMESPACES.key(), "[\"^shop$\"]")));

    assertThat(cache.of(first).isIgnoredNamespace("shop")).isFalse();
    assertThat(cache.of(second).isIgnoredNamespace("shop")).isTrue();
  }
}
