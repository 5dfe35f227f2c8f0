package com.astromkey.sandbox.tenant;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Code-modules zips of the agent contract (README §5.1, helm-and-image.md §6.2), generated per (version, arch,
 * flavor, includes) with fixed timestamps so the same request always gets the same bytes.
 */
public final class SimZips {
  public static final List<String> TECHNOLOGIES = List.of("java", "nodejs", "php");
  private static final long FIXED_TIME = 1_700_000_000_000L;

  private final Map<String, byte[]> cache = new ConcurrentHashMap<>();

  /** {@code includes} empty or containing {@code all} → every technology folder. */
  public byte[] zip(String version, String arch, String flavor, List<String> includes) {
    List<String> techs = technologies(includes);
    String key = version + "|" + arch + "|" + flavor + "|" + techs;
    return cache.computeIfAbsent(key, k -> build(version, arch, flavor, techs));
  }

  /** The entry names a zip for these includes holds, in order. */
  public static List<String> entryNames(List<String> includes) {
    return new ArrayList<>(entries("v", "x86", "default", technologies(includes)).keySet());
  }

  private static List<String> technologies(List<String> includes) {
    if (includes == null || includes.isEmpty() || includes.contains("all")) {
      return TECHNOLOGIES;
    }
    return TECHNOLOGIES.stream().filter(includes::contains).toList();
  }

  private static byte[] build(String version, String arch, String flavor, List<String> techs) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      for (Map.Entry<String, String> e : entries(version, arch, flavor, techs).entrySet()) {
        ZipEntry entry = new ZipEntry(e.getKey());
        entry.setTime(FIXED_TIME);
        zip.putNextEntry(entry);
        zip.write(e.getValue().getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static Map<String, String> entries(String version, String arch, String flavor, List<String> techs) {
    String cpu = arch.equals("arm") ? "aarch64" : "x86_64";
    Map<String, String> files = new LinkedHashMap<>();
    files.put("agent/lib64/liboneagentproc.so", "astromkey-test-agent " + version + " " + arch + "\n");
    files.put("agent/conf/akagentproc.conf",
        "[general]\nlogDir ../log\ndataStorageDir ../datastorage\nlibraryPath64 \"../agent/lib64\"\n");
    for (String t : techs) {
      files.put("agent/tech/" + t + "/lib" + t + ".so", "astromkey-test-agent " + t + " " + version + "\n");
    }
    files.put("agent/arch", cpu + "\n");
    files.put("manifest.json", "{\"version\":\"" + version + "\",\"arch\":\"" + arch + "\",\"flavor\":\"" + flavor
        + "\",\"technologies\":[" + String.join(",", techs.stream().map(t -> "\"" + t + "\"").toList()) + "]}\n");
    return files;
  }
}
