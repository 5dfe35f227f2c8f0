package com.astromkey.bootstrap.install;

import com.astromkey.bootstrap.config.BootstrapConfig;
import com.astromkey.bootstrap.log.JsonLog;
import com.astromkey.bootstrap.outcome.BootstrapException;
import com.astromkey.bootstrap.outcome.Delivery;
import com.astromkey.domain.names.AgentFiles;
import com.astromkey.oci.extract.ExtractionLimits;
import com.astromkey.oci.extract.LayerExtractor;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;

/**
 * Step 1 of bootstrap.md §2.1: makes the code modules available in {@code --target}, from the CSI volume, a tenant zip or
 * the {@code --source} tree. Zip and copy fill a work directory first and move it into place only when complete, so a
 * failure at any point leaves the target as it was.
 */
public final class CodeModulesInstaller {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final BootstrapConfig config;
  private final ExtractionLimits limits;
  private final JsonLog log;
  private final CopyListener listener;

  public CodeModulesInstaller(BootstrapConfig config, ExtractionLimits limits, JsonLog log, CopyListener listener) {
    this.config = config;
    this.limits = limits;
    this.log = log;
    this.listener = listener;
  }

  /** True when {@code <target>/agent/lib64/liboneagentproc.so} exists. */
  public static boolean libraryInPlace(Path target) {
    return Files.exists(target.resolve(AgentFiles.AGENT_LIBRARY));
  }

  /** The delivery {@link #install()} will use, by the checks of bootstrap.md §2.1; {@code null} when none applies. */
  public Delivery plannedDelivery() {
    if (libraryInPlace(config.target())) {
      return Delivery.CSI;
    }
    if (config.zipMode()) {
      return Delivery.ZIP;
    }
    return Files.isDirectory(config.source()) ? Delivery.COPY : null;
  }

  public Installed install() {
    Path target = config.target();
    Installed installed;
    if (libraryInPlace(target)) {
      log.info("code modules already in place; nothing to copy", "target", target);
      installed = new Installed(Delivery.CSI, manifestVersion(target, ""));
    } else if (config.zipMode()) {
      ZipDelivery zip = new ZipDelivery(config, limits, log);
      inWorkDirectory(zip::fill);
      installed = new Installed(Delivery.ZIP, manifestVersion(target, config.version()));
    } else if (Files.isDirectory(config.source())) {
      boolean current = Files.isSymbolicLink(config.source().resolve(AgentFiles.CURRENT_LINK));
      inWorkDirectory(this::copy);
      if (current) {
        link(target);
      }
      installed = new Installed(Delivery.COPY, manifestVersion(target, ""));
    } else {
      throw BootstrapException.unavailable("no code modules: " + config.source()
          + " does not exist and --version is empty", null);
    }
    if (!libraryInPlace(target)) {
      throw BootstrapException.unavailable("code modules in " + target + " lack " + AgentFiles.AGENT_LIBRARY, null);
    }
    return installed;
  }

  /** The step that fills the work directory; its failures are already {@link BootstrapException}s. */
  @FunctionalInterface
  private interface Fill {
    void into(Path work) throws IOException;
  }

  private void inWorkDirectory(Fill fill) {
    Path work = config.work();
    Path zip = ZipDelivery.zipPath(work);
    try {
      // an earlier run of this init container may have died half-way: its scratch is worthless
      LayerExtractor.deleteTree(work);
      Files.deleteIfExists(zip);
      Files.createDirectories(work);
    } catch (IOException e) {
      throw BootstrapException.unavailable("cannot prepare the work directory " + work + ": " + e.getMessage(), e);
    }
    try {
      fill.into(work);
      List<String> moved = Placement.moveInto(work, config.target());
      log.info("code modules placed", "target", config.target(), "entries", String.join(",", moved));
    } catch (IOException e) {
      throw BootstrapException.unavailable("cannot install the code modules into " + config.target() + ": "
          + e.getMessage(), e);
    } finally {
      cleanUp(work, zip);
    }
  }

  private void copy(Path work) throws IOException {
    Path source = config.source().toRealPath();
    TechnologyFilter filter = TechnologyFilter.of(source, config.technologies(), config.arch(), log);
    CopyListener logging = relative -> {
      log.debug("copied", "file", relative);
      listener.copied(relative);
    };
    TreeCopy copy = new TreeCopy(source, work, filter, logging);
    int files = copy.run();
    for (String skipped : copy.skipped()) {
      log.warn("special file in the code modules not copied", "file", skipped);
    }
    log.info("code modules copied", "source", source, "files", files, "technologies",
        filter.copiesEverything() ? "all" : String.join(",", config.technologies()));
  }

  private void link(Path target) {
    try {
      Placement.linkCurrent(target);
    } catch (IOException e) {
      throw BootstrapException.unavailable("cannot create " + target.resolve(AgentFiles.CURRENT_LINK) + ": "
          + e.getMessage(), e);
    }
  }

  private void cleanUp(Path work, Path zip) {
    try {
      LayerExtractor.deleteTree(work);
      Files.deleteIfExists(zip);
    } catch (IOException e) {
      // the install itself is decided; scratch left behind is removed by the next run
      log.warn("cannot remove scratch files", "work", work, "error", e.getMessage());
    }
  }

  /** The {@code version} of the installed {@code manifest.json}, else {@code fallback}. */
  static String manifestVersion(Path target, String fallback) {
    Path manifest = target.resolve(AgentFiles.MANIFEST);
    if (!Files.isRegularFile(manifest, LinkOption.NOFOLLOW_LINKS)) {
      return fallback;
    }
    try {
      String version = JSON.readTree(manifest.toFile()).path("version").asText("");
      return version.isEmpty() ? fallback : version;
    } catch (IOException e) {
      return fallback;
    }
  }
}
