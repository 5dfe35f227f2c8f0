package com.astromkey.csi.layout;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one GC pass did: removed entries per kind ({@code codemodule}, {@code dynakube}, {@code appmount},
 * {@code work}, {@code unknown}), the protected cache keys, the cache size after the pass, and whether it is still
 * above the budget (the provisioner then emits {@code CodeModulesCacheOverBudget}).
 */
public record GcReport(Map<String, List<String>> removed, Set<String> protectedKeys, long cacheBytes, boolean overBudget) {
  public int removedCount(String kind) {
    return removed.getOrDefault(kind, List.of()).size();
  }
}
