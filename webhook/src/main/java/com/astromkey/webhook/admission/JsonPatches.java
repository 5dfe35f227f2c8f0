package com.astromkey.webhook.admission;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Computes the JSONPatch that turns one JSON document into another, with plain add/replace/remove operations only. */
public final class JsonPatches {
  private JsonPatches() {}

  /**
   * Objects are compared key by key, arrays element by element over their common length; extra elements are added at the end
   * or removed from the end. Mutations only append to arrays or change elements in place, so this gives short, readable patches
   * without move/copy operations.
   */
  public static List<PatchOperation> diff(JsonNode source, JsonNode target) {
    List<PatchOperation> ops = new ArrayList<>();
    diff("", source, target, ops);
    return ops;
  }

  /** RFC 6901 escaping of one path segment: annotation keys contain '/'. */
  public static String escape(String segment) {
    return segment.replace("~", "~0").replace("/", "~1");
  }

  private static void diff(String path, JsonNode source, JsonNode target, List<PatchOperation> ops) {
    if (source.equals(target)) {
      return;
    }
    if (source.isObject() && target.isObject()) {
      for (Map.Entry<String, JsonNode> field : source.properties()) {
        String child = path + "/" + escape(field.getKey());
        JsonNode other = target.get(field.getKey());
        if (other == null) {
          ops.add(PatchOperation.remove(child));
        } else {
          diff(child, field.getValue(), other, ops);
        }
      }
      for (Map.Entry<String, JsonNode> field : target.properties()) {
        if (!source.has(field.getKey())) {
          ops.add(PatchOperation.add(path + "/" + escape(field.getKey()), field.getValue()));
        }
      }
      return;
    }
    if (source.isArray() && target.isArray()) {
      int common = Math.min(source.size(), target.size());
      for (int i = 0; i < common; i++) {
        diff(path + "/" + i, source.get(i), target.get(i), ops);
      }
      for (int i = common; i < target.size(); i++) {
        ops.add(PatchOperation.add(path + "/" + i, target.get(i)));
      }
      // From the end, so earlier indexes stay valid while removing.
      for (int i = source.size() - 1; i >= common; i--) {
        ops.add(PatchOperation.remove(path + "/" + i));
      }
      return;
    }
    ops.add(PatchOperation.replace(path, target));
  }
}
