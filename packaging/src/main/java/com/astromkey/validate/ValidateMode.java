package com.astromkey.validate;

import com.astromkey.domain.dynakube.DynaKube;
import com.astromkey.domain.modules.ModulesConfig;
import com.astromkey.domain.validation.ClusterView;
import com.astromkey.domain.validation.DynaKubeValidator;
import com.astromkey.domain.validation.ValidationResult;
import com.astromkey.launcher.Mode;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/** The offline {@code validate} mode: the webhook's DynaKube rules over a YAML file, for CI pipelines. */
public final class ValidateMode implements Mode {
  static final int EXIT_VALID = 0;
  static final int EXIT_INVALID = 1;
  static final int EXIT_USAGE = 2;
  /** The namespace the chart installs into; a DynaKube without metadata.namespace is validated as if applied there. */
  static final String DEFAULT_NAMESPACE = "astromkey";

  private static final String USAGE =
      "Usage: astromkey-operator validate -f <file> [--modules-json <json>] [--helm-pull-secret <name>]\n"
          + "  -f, --file <file>          YAML file with one or more DynaKube documents\n"
          + "  --modules-json <json>      the operator components installed (AK_MODULES_JSON); default: all\n"
          + "  --helm-pull-secret <name>  the Helm-level customPullSecret (AK_OPERATOR_PULL_SECRET)\n"
          + "Exit codes: 0 valid (warnings allowed), 1 errors or unreadable input, 2 usage.";

  @Override
  public String name() {
    return "validate";
  }

  @Override
  public String summary() {
    return "check DynaKube YAML offline with the webhook's rules";
  }

  @Override
  public int run(String[] args, PrintStream out, PrintStream err) {
    Options options;
    try {
      options = Options.parse(args);
    } catch (IllegalArgumentException e) {
      err.println("validate: " + e.getMessage());
      err.println(USAGE);
      return EXIT_USAGE;
    }
    if (options.help) {
      out.println(USAGE);
      return EXIT_VALID;
    }
    ModulesConfig modules;
    try {
      modules = options.modulesJson == null ? ModulesConfig.allInstalled() : ModulesConfig.parse(options.modulesJson);
    } catch (IllegalArgumentException e) {
      err.println("validate: --modules-json: " + e.getMessage());
      return EXIT_USAGE;
    }
    List<DynaKube> dynaKubes;
    try {
      dynaKubes = new DynaKubeFileReader().read(options.file);
    } catch (DynaKubeFileReader.InputProblem e) {
      err.println(e.getMessage());
      return EXIT_INVALID;
    }

    ClusterView view = ClusterView.offline(modules, options.helmPullSecret);
    DynaKubeValidator validator = new DynaKubeValidator();
    boolean anyInvalid = false;
    List<String> skipped = List.of();
    for (DynaKube dk : dynaKubes) {
      String namespace = dk.getMetadata().getNamespace() == null ? DEFAULT_NAMESPACE : dk.getMetadata().getNamespace();
      ValidationResult result = validator.validate(dk, null, view);
      if (result.allowed()) {
        out.println("DynaKube " + namespace + "/" + dk.getMetadata().getName() + " is valid ("
            + result.warningMessages().size() + " warning(s)).");
      } else {
        anyInvalid = true;
        out.println(result.deniedMessage(namespace, dk.getMetadata().getName()));
      }
      result.warningMessages().forEach(out::println);
      skipped = result.skippedRuleIds();
    }
    if (!skipped.isEmpty()) {
      out.println("note: skipped rules that need a cluster: " + String.join(", ", skipped));
    }
    return anyInvalid ? EXIT_INVALID : EXIT_VALID;
  }

  /** The command line of the mode. */
  private static final class Options {
    Path file;
    String modulesJson;
    String helmPullSecret;
    boolean help;

    static Options parse(String[] args) {
      Options o = new Options();
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        String inlineValue = null;
        int eq = a.indexOf('=');
        if (a.startsWith("--") && eq > 0) {
          inlineValue = a.substring(eq + 1);
          a = a.substring(0, eq);
        }
        switch (a) {
          case "-h":
          case "--help":
            o.help = true;
            break;
          case "-f":
          case "--file":
            o.file = Path.of(inlineValue != null ? inlineValue : value(args, ++i, a));
            break;
          case "--modules-json":
            o.modulesJson = inlineValue != null ? inlineValue : value(args, ++i, a);
            break;
          case "--helm-pull-secret":
            o.helmPullSecret = inlineValue != null ? inlineValue : value(args, ++i, a);
            break;
          default:
            throw new IllegalArgumentException("unknown option '" + args[i] + "'");
        }
      }
      if (!o.help && o.file == null) {
        throw new IllegalArgumentException("-f <file> is required");
      }
      return o;
    }

    private static String value(String[] args, int i, String option) {
      if (i >= args.length || args[i].isEmpty()) {
        throw new IllegalArgumentException(option + " needs a value");
      }
      return args[i];
    }
  }
}
