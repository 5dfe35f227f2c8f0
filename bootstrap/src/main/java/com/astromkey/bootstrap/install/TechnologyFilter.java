package com.astromkey.bootstrap.install;

import com.astromkey.bootstrap.log.JsonLog;
import com.astromkey.domain.names.AgentFiles;
import com.astromkey.tenant.Arch;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which files of a code-modules tree copy mode takes (bootstrap.md §2.3): everything, or the files {@code manifest.json}
 * lists for the requested technologies on this arch plus the library, {@code agent/conf/**} and the manifest itself.
 */
public final class TechnologyFilter {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CONF_PREFIX = "agent/conf/";

  private final Set<String> files;

  private TechnologyFilter(Set<String> files) {
    this.files = files;
  }

  public static TechnologyFilter everything() {
    return new TechnologyFilter(null);
  }

  /** {@code technologies} empty means all. */
  public static TechnologyFilter of(Path source, List<String> technologies, Arch arch, JsonLog log) throws IOException {
    if (technologies.isEmpty()) {
      return everything();
    }
    Path manifest = source.resolve(AgentFiles.MANIFEST);
    if (!Files.isRegularFile(manifest)) {
      log.info("no manifest.json in the code modules; copying every technology", "source", source);
      return everything();
    }
    JsonNode techs;
    try {
      techs = JSON.readTree(manifest.toFile()).path("technologies");
    } catch (IOException e) {
      log.warn("manifest.json is not valid JSON; copying every technology", "manifest", manifest);
      return everything();
    }
    if (!techs.isObject()) {
      // e.g. a plain list of names: it does not say which files belong to which technology
      log.warn("manifest.json lists no files per technology; copying every technology", "manifest", manifest);
      return everything();
    }
    Set<String> files = new HashSet<>();
    for (String technology : technologies) {
      JsonNode perArch = techs.get(technology);
      if (perArch == null) {
        log.warn("unknown technology ignored", "technology", technology);
        continue;
      }
      JsonNode list = perArch.path(arch.query());
      if (!list.isArray()) {
        log.info("technology has no files for this arch", "technology", technology, "arch", arch.query());
        continue;
      }
      for (JsonNode file : list) {
        String path = file.path("path").asText("");
        if (!path.isEmpty()) {
          files.add(normalize(path));
        }
      }
    }
    return new TechnologyFilter(files);
  }

  public boolean copiesEverything() {
    return files == null;
  }

  /** {@code relative} uses {@code /} separators. */
  public boolean includes(String relative) {
    return files == null
        || files.contains(relative)
        || relative.equals(AgentFiles.AGENT_LIBRARY)
        || relative.equals(AgentFiles.MANIFEST)
        || relative.startsWith(CONF_PREFIX);
  }

  private static String normalize(String path) {
    String p = path;
    while (p.startsWith("./")) {
      p = p.substring(2);
    }
    while (p.startsWith("/")) {
      p = p.substring(1);
    }
    return p;
  }
}
