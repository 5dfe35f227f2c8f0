package com.astromkey.bootstrap;

import com.astromkey.bootstrap.config.BootstrapConfig;
import com.astromkey.bootstrap.config.EarlyFlags;
import com.astromkey.bootstrap.configure.AgentConfigurator;
import com.astromkey.bootstrap.install.CodeModulesInstaller;
import com.astromkey.bootstrap.install.CopyListener;
import com.astromkey.bootstrap.log.JsonLog;
import com.astromkey.bootstrap.outcome.BootstrapException;
import com.astromkey.bootstrap.outcome.BootstrapResult;
import com.astromkey.bootstrap.outcome.ExitCode;
import com.astromkey.domain.names.BootstrapFlags;
import com.astromkey.domain.names.EnvVars;
import com.astromkey.oci.extract.ExtractionLimits;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * Entry point of the {@code bootstrap} mode (bootstrap.md): parse, run, then the failure policy of §4 (result line,
 * {@code ld.so.preload} on every failure, {@code --suppress-error}).
 */
public final class BootstrapMain {
  static final String USAGE = "Usage: astromkey-operator bootstrap [flags]\n"
      + "  " + BootstrapFlags.SOURCE + "=<dir> " + BootstrapFlags.TARGET + "=<dir> " + BootstrapFlags.WORK + "=<dir> "
      + BootstrapFlags.INSTALL_PATH + "=<path>\n"
      + "  " + BootstrapFlags.CONFIG_DIRECTORY + "=<dir> " + BootstrapFlags.INPUT_DIRECTORY + "=<dir>\n"
      + "  " + BootstrapFlags.ATTRIBUTE_CONTAINER + "=<json> (repeatable) " + BootstrapFlags.ATTRIBUTE
      + "=<key>=<value> (repeatable)\n"
      + "  " + BootstrapFlags.FULLSTACK + " " + BootstrapFlags.TENANT + "=<uuid> " + BootstrapFlags.TECHNOLOGY
      + "=<list> " + BootstrapFlags.VERSION + "=<version|latest> " + BootstrapFlags.FLAVOR + "=<flavor> "
      + BootstrapFlags.URL + "=<apiUrl>\n"
      + "  " + BootstrapFlags.SUPPRESS_ERROR + " " + BootstrapFlags.DEBUG + " " + BootstrapFlags.TERMINATION_LOG
      + "=<file>\n"
      + "Environment: " + EnvVars.AK_PLATFORM + " (os/arch), " + EnvVars.AK_EXTRACT_MAX_BYTES + "\n"
      + "Exit codes: 0 ok (or any failure with " + BootstrapFlags.SUPPRESS_ERROR + "), 1 unexpected, 2 invalid flags,"
      + " 3 code modules unavailable, 4 unsafe archive, 5 writing configuration failed";
  static final String SUPPRESSED = "bootstrap failed, continuing because --suppress-error is set: ";

  private BootstrapMain() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  public static int run(String[] args, PrintStream out, PrintStream err) {
    return run(args, System.getenv(), out, err, CopyListener.NONE);
  }

  /** {@code listener} lets tests interrupt a copy half-way. */
  static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err, CopyListener listener) {
    for (String arg : args) {
      if (arg.equals("--help") || arg.equals("-h")) {
        out.println(USAGE);
        return ExitCode.OK.code();
      }
    }
    EarlyFlags early = EarlyFlags.scan(args);
    JsonLog log = new JsonLog(out, early.debug(), Clock.systemUTC());
    BootstrapConfig config = null;
    BootstrapResult result;
    try {
      config = BootstrapConfig.from(args, env);
      ExtractionLimits limits = limits(env);
      log.info("bootstrap starting", "config", config.describe());
      result = new Bootstrap(config, limits, log, listener).run();
    } catch (BootstrapException e) {
      result = BootstrapResult.failed(null, "", e);
    } catch (RuntimeException e) {
      result = BootstrapResult.failed(null, "", new BootstrapException(ExitCode.UNEXPECTED, "unexpected error: " + e, e));
    }
    if (!result.isOk()) {
      failed(result, config, early, log, err);
    } else {
      log.info("bootstrap finished", "delivery", result.delivery().label(), "version", result.version());
    }
    writeTerminationLog(early.terminationLog(), result, log);
    return result.exitCode().processExit(early.suppressError());
  }

  private static ExtractionLimits limits(Map<String, String> env) {
    try {
      return ExtractionLimits.fromEnvironment(env);
    } catch (IllegalArgumentException e) {
      throw BootstrapException.invalidFlags(e.getMessage());
    }
  }

  private static void failed(BootstrapResult result, BootstrapConfig config, EarlyFlags early, JsonLog log,
      PrintStream err) {
    ensurePreload(config, early, log);
    log.error("bootstrap failed", "exitCode", result.exitCode().code(), "reason", result.reason());
    if (log.isDebug() && result.failure().getCause() != null) {
      log.debug("failure cause", "cause", String.valueOf(result.failure().getCause()));
    }
    if (result.exitCode() == ExitCode.INVALID_FLAGS) {
      err.println("bootstrap: " + result.reason() + " (see --help)");
    }
    if (early.suppressError()) {
      log.warn(SUPPRESSED + result.reason());
    }
  }

  /** bootstrap.md §4: the file must exist after any failure; it names the library only when the library is there. */
  private static void ensurePreload(BootstrapConfig config, EarlyFlags early, JsonLog log) {
    Path configDirectory = config != null ? config.configDirectory() : early.configDirectory();
    if (configDirectory == null) {
      return;
    }
    String content = config != null && CodeModulesInstaller.libraryInPlace(config.target())
        ? AgentConfigurator.preloadLine(config.installPath()) : "";
    try {
      AgentConfigurator.writePreload(configDirectory, content);
    } catch (IOException e) {
      log.error("cannot create ld.so.preload", "configDirectory", configDirectory, "error", e.getMessage());
    }
  }

  private static void writeTerminationLog(Path file, BootstrapResult result, JsonLog log) {
    try {
      Files.writeString(file, result.toJson() + "\n", StandardCharsets.UTF_8);
    } catch (IOException | RuntimeException e) {
      // outside Kubernetes there may be no /dev/termination-log; the log line above carries the same result
      log.warn("cannot write the termination log", "file", file, "error", String.valueOf(e.getMessage()));
    }
  }
}
