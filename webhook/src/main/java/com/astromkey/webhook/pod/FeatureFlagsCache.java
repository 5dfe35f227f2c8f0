package com.astromkey.webhook.pod;

import com.astromkey.domain.dynakube.DynaKube;
import com.astromkey.domain.feature.FeatureFlags;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The feature flags of each DynaKube, read again only when its annotations or namespace change: reading them compiles the
 * ignored-namespace regexes, which is too much to repeat for every admitted pod.
 */
final class FeatureFlagsCache {
  private record Entry(Map<String, String> annotations, String namespace, FeatureFlags flags) {}

  private final Map<String, Entry> byDynaKube = new ConcurrentHashMap<>();

  FeatureFlags of(DynaKube dk) {
    String name = dk.getMetadata().getName();
    Map<String, String> annotations = dk.getMetadata().getAnnotations() == null ? Map.of() : dk.getMetadata().getAnnotations();
    String namespace = dk.getMetadata().getNamespace();
    Entry entry = name == null ? null : byDynaKube.get(name);
    if (entry != null && entry.annotations().equals(annotations) && Objects.equals(entry.namespace(), namespace)) {
      return entry.flags();
    }
    FeatureFlags flags = FeatureFlags.of(dk);
    if (name != null) {
      // a copy, so that a later change of the DynaKube's own map is seen as a change
      byDynaKube.put(name, new Entry(new LinkedHashMap<>(annotations), namespace, flags));
    }
    return flags;
  }
}
