package com.astromkey.launcher;

import com.astromkey.bootstrap.BootstrapMain;
import com.astromkey.csi.init.CsiInitMain;
import com.astromkey.csi.liveness.CsiLivenessMain;
import com.astromkey.csi.provisioner.CsiProvisionerMain;
import com.astromkey.csi.registrar.CsiRegistrarMain;
import com.astromkey.csi.server.CsiServerMain;
import com.astromkey.oci.cli.MirrorMain;
import com.astromkey.oci.cli.VerifyMain;
import com.astromkey.operator.OperatorMain;
import com.astromkey.operator.troubleshoot.TroubleshootMain;
import com.astromkey.validate.ValidateMode;
import com.astromkey.webhook.WebhookMain;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

/** Entry point of the image and of bin/astromkey-operator: dispatches on the first argument to one mode. */
public final class Main {
  public static final String VERSION = versionOf(Main.class);
  static final int EXIT_USAGE = 2;
  static final String SLF4J_PROVIDER = "slf4j.provider";
  static final String SHIPPED_SLF4J_PROVIDER = "org.slf4j.simple.SimpleServiceProvider";
  static final String SLF4J_VERBOSITY = "slf4j.internal.verbosity";

  private final Map<String, Mode> modes = new LinkedHashMap<>();

  Main(List<Mode> modes) {
    modes.forEach(m -> this.modes.put(m.name(), m));
  }

  /** Every mode of spec README §4, in the order of the usage text. */
  static Main standard() {
    return new Main(List.of(
        new EntryPointMode("operator", "reconcile DynaKubes (operator Deployment)", OperatorMain::run),
        new EntryPointMode("webhook", "admission webhook: inject code modules, validate DynaKubes", WebhookMain::run),
        new EntryPointMode("csi-server", "CSI node driver on a unix socket", CsiServerMain::run),
        new EntryPointMode("csi-provisioner", "download and cache code modules on the node", CsiProvisionerMain::run),
        new EntryPointMode("csi-registrar", "register the CSI driver with the kubelet", CsiRegistrarMain::run),
        new EntryPointMode("csi-liveness", "liveness probe of the CSI driver", CsiLivenessMain::run),
        new EntryPointMode("csi-init", "prepare the CSI data directory", CsiInitMain::run),
        new EntryPointMode("bootstrap", "init container: install and configure code modules in a pod", BootstrapMain::run),
        new EntryPointMode("troubleshoot", "check that every configured image can be pulled", TroubleshootMain::run),
        new EntryPointMode("mirror", "copy images and their signatures to a private registry", MirrorMain::run),
        new EntryPointMode("verify", "check the signatures of an image", VerifyMain::run),
        new ValidateMode()));
  }

  public static void main(String[] args) {
    // Proxy credentials on CONNECT for the tenant client (JDK HttpClient): the JDK sends none unless Basic is
    // re-enabled before any HTTP client exists. The registry transport writes its CONNECT itself (ADR 0008).
    System.setProperty("jdk.http.auth.tunneling.disabledSchemes", "");
    // Told which provider we ship, SLF4J skips its ServiceLoader, which opens every jar of the class path (ADR 0010).
    if (System.getProperty(SLF4J_PROVIDER) == null) {
      System.setProperty(SLF4J_PROVIDER, SHIPPED_SLF4J_PROVIDER);
      // and says nothing about it: it would announce the named provider on stderr at every start
      System.setProperty(SLF4J_VERBOSITY, "WARN");
    }
    System.exit(standard().run(args, System.out, System.err));
  }

  int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length == 0) {
      usage(err);
      return EXIT_USAGE;
    }
    String first = args[0];
    if (first.equals("--help") || first.equals("-h") || first.equals("help")) {
      usage(out);
      return 0;
    }
    if (first.equals("--version") || first.equals("version")) {
      out.println("astromkey-operator " + VERSION);
      return 0;
    }
    Mode mode = modes.get(first);
    if (mode == null) {
      err.println("astromkey-operator: unknown mode '" + first + "'");
      usage(err);
      return EXIT_USAGE;
    }
    String[] rest = new String[args.length - 1];
    System.arraycopy(args, 1, rest, 0, rest.length);
    try {
      return mode.run(rest, out, err);
    } catch (Exception e) {
      // One line, no stack trace: the modes report their own detail; this is the last safety net.
      err.println("astromkey-operator " + first + ": " + e.getMessage());
      return 1;
    }
  }

  List<String> modeNames() {
    return List.copyOf(modes.keySet());
  }

  private void usage(PrintStream to) {
    to.println("Usage: astromkey-operator <mode> [options]");
    to.println();
    to.println("Modes:");
    modes.values().forEach(m -> to.printf("  %-16s %s%n", m.name(), m.summary()));
    to.println();
    to.println("Run 'astromkey-operator <mode> --help' for the options of a mode.");
  }

  /**
   * Read from the jar (or classes directory) that holds {@code c}: {@code getResourceAsStream} asks the class path in order,
   * which opens every third-party jar in /app/libs before ours, about 40 ms on every start (docs/performance.md).
   */
  static String versionOf(Class<?> c) {
    String entry = c.getPackageName().replace('.', '/') + "/version.properties";
    Properties props = new Properties();
    try {
      Path source = Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
      if (Files.isDirectory(source)) {
        try (InputStream in = Files.newInputStream(source.resolve(entry))) {
          props.load(in);
        }
      } else {
        try (JarFile jar = new JarFile(source.toFile(), false)) {
          ZipEntry found = jar.getEntry(entry);
          if (found != null) {
            try (InputStream in = jar.getInputStream(found)) {
              props.load(in);
            }
          }
        }
      }
    } catch (IOException | URISyntaxException | RuntimeException e) {
      return "unknown";
    }
    return props.getProperty("version", "unknown");
  }
}
