package com.astromkey.bootstrap.configure;

import com.astromkey.bootstrap.config.BootstrapConfig;
import com.astromkey.bootstrap.config.ContainerAttributes;
import com.astromkey.bootstrap.log.JsonLog;
import com.astromkey.bootstrap.outcome.BootstrapException;
import com.astromkey.domain.codemodules.InstallPath;
import com.astromkey.domain.names.AgentFiles;
import com.astromkey.domain.names.PathNames;
import com.astromkey.domain.names.SecretKeys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Step 2 of bootstrap.md §2.2: {@code ld.so.preload} for the pod, and per injected container the agent's process
 * config, {@code container.conf}, curl options and CA files in the config volume.
 */
public final class AgentConfigurator {
  private static final String CONFIG = AgentFiles.CONTAINER_AGENT_DIR + "/" + AgentFiles.CONFIG_DIR + "/";
  private static final String CUSTOMKEYS = AgentFiles.CONTAINER_AGENT_DIR + "/" + AgentFiles.CUSTOMKEYS_DIR + "/";

  private final BootstrapConfig config;
  private final JsonLog log;

  public AgentConfigurator(BootstrapConfig config, JsonLog log) {
    this.config = config;
    this.log = log;
  }

  /** The line the loader reads: the library as the application containers see it. */
  public static String preloadLine(String installPath) {
    return InstallPath.library(installPath) + "\n";
  }

  /**
   * Writes {@code <config>/.astromkey/ld.so.preload}. Also called on every failure path, with empty content when the
   * library is missing: the containers mount this file by subPath, and a missing file would become a directory.
   */
  public static void writePreload(Path configDirectory, String content) throws IOException {
    new ConfigFiles(configDirectory).write(PathNames.LD_SO_PRELOAD_SUB_PATH, content);
  }

  public void configure() {
    Inputs inputs = readInputs();
    try {
      writePreload(config.configDirectory(), preloadLine(config.installPath()));
      ConfigFiles files = new ConfigFiles(config.configDirectory());
      for (ContainerAttributes container : config.containers()) {
        String dir = container.name() + "/";
        if (inputs.agentProcConf() != null) {
          files.write(dir + CONFIG + AgentFiles.AKAGENTPROC_CONF, inputs.agentProcConf());
        }
        files.write(dir + CONFIG + AgentFiles.CONTAINER_CONF,
            ContainerConf.render(container, config.pod(), config.fullstack(), config.tenant()));
        if (inputs.curlOptions() != null) {
          files.write(dir + CUSTOMKEYS + AgentFiles.CURL_OPTIONS_CONF, inputs.curlOptions());
        }
        if (inputs.customPem() != null) {
          files.write(dir + CUSTOMKEYS + AgentFiles.CUSTOM_PEM, inputs.customPem());
        }
        if (inputs.customProxyPem() != null) {
          files.write(dir + CUSTOMKEYS + AgentFiles.CUSTOM_PROXY_PEM, inputs.customProxyPem());
        }
        log.debug("container configured", "container", container.name());
      }
    } catch (IOException e) {
      throw BootstrapException.configWrite("cannot write the agent configuration into " + config.configDirectory()
          + ": " + e.getMessage(), e);
    }
    log.info("agent configuration written", "configDirectory", config.configDirectory(), "containers",
        String.join(",", config.containers().stream().map(ContainerAttributes::name).toList()));
  }

  /** The content shared by every container; {@code null} where the file is not written. */
  record Inputs(String agentProcConf, String curlOptions, String customPem, String customProxyPem) {}

  Inputs readInputs() {
    Path input = config.inputDirectory();
    try {
      String json = read(input.resolve(SecretKeys.AKAGENTPROC_JSON));
      String agentProcConf = null;
      if (json != null) {
        String image = read(config.target().resolve(AgentFiles.AGENT_PROC_CONF));
        IniDocument base = IniDocument.parse(image == null ? "" : image);
        if (!base.ignored().isEmpty()) {
          log.warn("lines outside a section ignored", "file", AgentFiles.AGENT_PROC_CONF, "count", base.ignored().size());
        }
        agentProcConf = AgentProcConf.merge(base, AgentProcConf.parseProperties(json), config.installPath()).render();
      }
      String retry = read(input.resolve(SecretKeys.INITIAL_CONNECT_RETRY));
      String curlOptions = retry == null ? null : "initialConnectRetryMs " + retryMillis(retry.strip()) + "\n";
      String activeGate = read(input.resolve(SecretKeys.ACTIVEGATE_PEM));
      String trusted = read(input.resolve(SecretKeys.TRUSTED_PEM));
      String customPem = activeGate == null && trusted == null ? null
          : String.join("", List.of(lineTerminated(activeGate), lineTerminated(trusted)));
      return new Inputs(agentProcConf, curlOptions, customPem, trusted);
    } catch (IOException e) {
      throw BootstrapException.configWrite("cannot read the configuration input in " + input + ": " + e.getMessage(), e);
    }
  }

  private static long retryMillis(String value) throws IOException {
    try {
      long millis = Long.parseLong(value);
      if (millis >= 0) {
        return millis;
      }
    } catch (NumberFormatException e) {
      // reported below with the offending value
    }
    throw new IOException(SecretKeys.INITIAL_CONNECT_RETRY + " must be an integer >= 0, got '" + value + "'");
  }

  private static String lineTerminated(String content) {
    if (content == null || content.isEmpty()) {
      return "";
    }
    return content.endsWith("\n") ? content : content + "\n";
  }

  /** Follows links: projected Secret volumes present every key as a symlink into {@code ..data}. */
  private static String read(Path file) throws IOException {
    return Files.isRegularFile(file) ? Files.readString(file, StandardCharsets.UTF_8) : null;
  }
}
