package com.astromkey.bootstrap.configure;

import com.astromkey.domain.names.PathNames;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * The per-container {@code akagentproc.conf} of bootstrap.md §2.2: the image's file, overlaid with the tenant's process
 * module config ({@code akagentproc.json}), then adapted to a read-only install seen at {@code --install-path}.
 */
public final class AgentProcConf {
  static final String GENERAL = "general";
  static final String LOG_DIR = "logDir";
  static final String DATA_STORAGE_DIR = "dataStorageDir";
  static final String STORAGE = "storage";
  static final String PARENT = "../";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One entry of the JSON {@code properties}. */
  public record Property(String section, String key, String value) {}

  private AgentProcConf() {}

  /** Parses {@code {"properties":[{"section","key","value"}]}}; a missing list or an entry without key is an error. */
  public static List<Property> parseProperties(String json) throws IOException {
    JsonNode root = JSON.readTree(json);
    JsonNode list = root == null ? null : root.get("properties");
    if (list == null || !list.isArray()) {
      throw new IOException("akagentproc.json has no properties list");
    }
    List<Property> properties = new ArrayList<>();
    for (JsonNode p : list) {
      String section = p.path("section").asText("");
      String key = p.path("key").asText("");
      if (section.isEmpty() || key.isEmpty()) {
        throw new IOException("akagentproc.json has a property without section or key");
      }
      properties.add(new Property(section, key, p.path("value").asText("")));
    }
    return properties;
  }

  public static IniDocument merge(IniDocument image, List<Property> properties, String installPath) {
    for (Property p : properties) {
      image.set(p.section(), p.key(), p.value());
    }
    // the install is read-only and shared by every container: no paths inside it for logs or data
    image.remove(GENERAL, LOG_DIR);
    image.remove(GENERAL, DATA_STORAGE_DIR);
    for (SortedMap<String, String> keys : image.sections().values()) {
      for (Map.Entry<String, String> entry : keys.entrySet()) {
        if (entry.getValue().contains(PARENT)) {
          entry.setValue(rebase(entry.getValue(), installPath));
        }
      }
    }
    image.set(GENERAL, STORAGE, "\"" + PathNames.AGENT_STORAGE + "\"");
    return image;
  }

  /** {@code "../agent/lib64"} → {@code "<installPath>/agent/lib64"}; a leading quote stays in front. */
  static String rebase(String value, String installPath) {
    boolean quoted = value.startsWith("\"");
    String rest = (quoted ? value.substring(1) : value).replace(PARENT, "");
    String prefix = installPath.endsWith("/") || rest.startsWith("/") ? installPath : installPath + "/";
    return (quoted ? "\"" : "") + prefix + rest;
  }
}
