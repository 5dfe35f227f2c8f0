package com.astromkey.bootstrap.config;

import com.astromkey.bootstrap.outcome.BootstrapException;
import com.astromkey.domain.codemodules.CodeModulesFlavor;
import com.astromkey.domain.codemodules.InstallPath;
import com.astromkey.domain.feature.FeatureFlags;
import com.astromkey.domain.names.BootstrapFlags;
import com.astromkey.domain.names.EnvVars;
import com.astromkey.domain.names.PathNames;
import com.astromkey.tenant.Arch;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Everything one bootstrap run needs, from the flags of bootstrap.md §1 and {@code AK_PLATFORM}; holds no secret (the
 * tenant token is read from the input directory only when it is used).
 *
 * @param work scratch directory on the target's file system
 * @param configDirectory {@code null} when not given
 * @param inputDirectory {@code null} when not given
 * @param technologies requested technologies; empty means all
 * @param version empty for copy mode; {@code latest} or a version for zip mode
 * @param url empty: take {@code apiUrl} from {@code akclient.config}
 */
public record BootstrapConfig(
    Path source,
    Path target,
    Path work,
    String installPath,
    Path configDirectory,
    Path inputDirectory,
    List<ContainerAttributes> containers,
    PodAttributes pod,
    boolean fullstack,
    String tenant,
    List<String> technologies,
    String version,
    CodeModulesFlavor flavor,
    String url,
    boolean suppressError,
    boolean debug,
    Path terminationLog,
    Arch arch) {

  public static final String DEFAULT_WORK_NAME = ".ak-work";
  public static final String LATEST = "latest";

  public BootstrapConfig {
    containers = List.copyOf(containers);
    technologies = List.copyOf(technologies);
  }

  /** Parses and validates; any problem is a {@link BootstrapException} with exit code 2. */
  public static BootstrapConfig from(String[] args, Map<String, String> env) {
    ParsedFlags flags = ParsedFlags.parse(args);
    if (!flags.errors().isEmpty()) {
      throw BootstrapException.invalidFlags(String.join("; ", flags.errors()));
    }
    Path target = path(flags, BootstrapFlags.TARGET, PathNames.INIT_BIN);
    String work = flags.value(BootstrapFlags.WORK, "");
    String installPath = installPath(flags.value(BootstrapFlags.INSTALL_PATH, InstallPath.DEFAULT));
    boolean fullstack = flags.isSet(BootstrapFlags.FULLSTACK);
    String tenant = flags.value(BootstrapFlags.TENANT, "").strip();
    if (fullstack && tenant.isEmpty()) {
      throw BootstrapException.invalidFlags(BootstrapFlags.FULLSTACK + " needs " + BootstrapFlags.TENANT);
    }
    String version = flags.value(BootstrapFlags.VERSION, "").strip();
    if (version.contains("/") || version.contains("..")) {
      throw BootstrapException.invalidFlags(BootstrapFlags.VERSION + " '" + version + "' is not a version");
    }
    return new BootstrapConfig(
        path(flags, BootstrapFlags.SOURCE, PathNames.CODE_MODULES_SOURCE),
        target,
        work.isEmpty() ? target.resolve(DEFAULT_WORK_NAME) : path(BootstrapFlags.WORK, work),
        installPath,
        optionalPath(flags, BootstrapFlags.CONFIG_DIRECTORY),
        optionalPath(flags, BootstrapFlags.INPUT_DIRECTORY),
        containers(flags.all(BootstrapFlags.ATTRIBUTE_CONTAINER)),
        PodAttributes.parse(flags.all(BootstrapFlags.ATTRIBUTE)),
        fullstack,
        tenant,
        technologies(flags.value(BootstrapFlags.TECHNOLOGY, FeatureFlags.ALL_TECHNOLOGIES)),
        version,
        flavor(flags.value(BootstrapFlags.FLAVOR, "")),
        url(flags.value(BootstrapFlags.URL, "").strip()),
        flags.isSet(BootstrapFlags.SUPPRESS_ERROR),
        flags.isSet(BootstrapFlags.DEBUG),
        path(flags, BootstrapFlags.TERMINATION_LOG, EarlyFlags.DEFAULT_TERMINATION_LOG),
        arch(env.get(EnvVars.AK_PLATFORM)));
  }

  /** The configure step runs only with both directories (bootstrap.md §1). */
  public boolean configures() {
    return configDirectory != null && inputDirectory != null;
  }

  public boolean zipMode() {
    return !version.isEmpty();
  }

  public boolean allTechnologies() {
    return technologies.isEmpty();
  }

  /** One line for the start-up log; nothing here is secret, but attribute values stay out (they are per pod). */
  public String describe() {
    return "source=" + source + ", target=" + target + ", work=" + work + ", installPath=" + installPath
        + ", configDirectory=" + configDirectory + ", inputDirectory=" + inputDirectory + ", containers="
        + containers.stream().map(ContainerAttributes::name).toList() + ", fullstack=" + fullstack + ", technologies="
        + (technologies.isEmpty() ? FeatureFlags.ALL_TECHNOLOGIES : String.join(",", technologies)) + ", version="
        + version + ", flavor=" + flavor.value() + ", url=" + url + ", arch=" + arch.query() + ", suppressError="
        + suppressError;
  }

  /** The shared rule of domain {@link InstallPath}, which the webhook applies before it injects. */
  static String installPath(String value) {
    Optional<String> problem = InstallPath.problem(value);
    if (problem.isPresent()) {
      throw BootstrapException.invalidFlags(BootstrapFlags.INSTALL_PATH + " '" + value.replace("\0", "\\0") + "' "
          + problem.get());
    }
    return value;
  }

  /** Only the shape: an http(s) URL with a host. The tenant client checks the rest when it is used. */
  static String url(String value) {
    if (value.isEmpty()) {
      return value;
    }
    try {
      URI uri = new URI(value);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if ((scheme.equals("https") || scheme.equals("http")) && uri.getHost() != null) {
        return value;
      }
    } catch (URISyntaxException e) {
      // reported below
    }
    throw BootstrapException.invalidFlags(BootstrapFlags.URL + " '" + value + "' is not an http(s) URL with a host");
  }

  static List<String> technologies(String value) {
    List<String> list = new ArrayList<>();
    for (String part : value.split(",")) {
      String t = part.strip().toLowerCase(Locale.ROOT);
      if (t.equals(FeatureFlags.ALL_TECHNOLOGIES)) {
        return List.of();
      }
      if (!t.isEmpty() && !list.contains(t)) {
        list.add(t);
      }
    }
    return list;
  }

  /** The flavors of domain {@link CodeModulesFlavor}, which the webhook passes on only when valid. */
  static CodeModulesFlavor flavor(String value) {
    if (value.isBlank()) {
      return CodeModulesFlavor.FALLBACK;
    }
    return CodeModulesFlavor.parse(value).orElseThrow(() -> BootstrapException.invalidFlags(
        BootstrapFlags.FLAVOR + " '" + value + "' is not one of " + CodeModulesFlavor.valueList()));
  }

  /** {@code AK_PLATFORM} ({@code os/arch[/variant]}) wins over the JVM's {@code os.arch}. */
  static Arch arch(String platform) {
    String cpu = System.getProperty("os.arch");
    String source = "os.arch";
    if (platform != null && !platform.isBlank()) {
      String[] parts = platform.strip().split("/");
      if (parts.length < 2) {
        throw BootstrapException.invalidFlags(EnvVars.AK_PLATFORM + " '" + platform + "' is not os/arch");
      }
      cpu = parts[1];
      source = EnvVars.AK_PLATFORM;
    }
    try {
      return Arch.fromCpu(cpu);
    } catch (IllegalArgumentException e) {
      throw BootstrapException.invalidFlags(source + ": " + e.getMessage());
    }
  }

  private static List<ContainerAttributes> containers(List<String> jsons) {
    // a reinvocation may repeat a container: the last description wins, the order of first appearance stays
    Map<String, ContainerAttributes> byName = new LinkedHashMap<>();
    for (String json : jsons) {
      ContainerAttributes c = ContainerAttributes.parse(json);
      byName.put(c.name(), c);
    }
    return List.copyOf(byName.values());
  }

  private static Path path(ParsedFlags flags, String flag, String fallback) {
    String value = flags.value(flag, fallback);
    return path(flag, value.isEmpty() ? fallback : value);
  }

  private static Path optionalPath(ParsedFlags flags, String flag) {
    String value = flags.value(flag, "");
    return value.isEmpty() ? null : path(flag, value);
  }

  private static Path path(String flag, String value) {
    try {
      return Path.of(value);
    } catch (InvalidPathException e) {
      throw BootstrapException.invalidFlags(flag + " '" + value.replace("\0", "\\0") + "' is not a path");
    }
  }
}
