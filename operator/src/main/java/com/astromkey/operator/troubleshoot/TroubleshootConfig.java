package com.astromkey.operator.troubleshoot;

import com.astromkey.domain.names.EnvVars;
import com.astromkey.operator.OperatorConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;

/**
 * Settings of the {@code troubleshoot} mode: which DynaKubes to check, and the operator's own environment (image, Helm pull
 * secret, signature policy, timeouts) read exactly as the operator reads it, so both see the same configuration.
 */
public record TroubleshootConfig(String namespace, String dynaKube, OperatorConfig operator) {
  public static final String DEFAULT_NAMESPACE = "astromkey";
  static final String USAGE = "usage: astromkey-operator troubleshoot [--dynakube <name>] [--namespace astromkey]\n"
      + "  Checks every image a DynaKube uses against its pull secrets and trusted CAs, and the cluster objects it needs.\n"
      + "  Kubernetes access: in-cluster service account or KUBECONFIG. Operator settings from the same environment as the\n"
      + "  operator (AK_OPERATOR_IMAGE, AK_OPERATOR_PULL_SECRET, AK_SIGNATURE_MODE, AK_SIGNATURE_KEYS_CONFIGMAP).\n"
      + "  Prints [PASS|WARN|FAIL] <check>: <detail> with fix hints; exit 0 when nothing failed, 1 on any FAIL, 2 usage.\n";

  /** A command line troubleshoot cannot run: printed with the usage, exit code 2. */
  public static final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
      super(message);
    }
  }

  /** {@code --dynakube} and {@code --namespace}, each at most once, as {@code --name value} or {@code --name=value}. */
  public static TroubleshootConfig parse(String[] args, Map<String, String> env) throws UsageException {
    Map<String, String> options = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      String name = arg;
      String value = null;
      int eq = arg.indexOf('=');
      if (eq >= 0) {
        name = arg.substring(0, eq);
        value = arg.substring(eq + 1);
      }
      if (!name.equals("--dynakube") && !name.equals("--namespace")) {
        throw new UsageException("unexpected argument '" + arg + "'");
      }
      if (value == null) {
        if (i + 1 >= args.length) {
          throw new UsageException(name + " needs a value");
        }
        value = args[++i];
      }
      if (value.isBlank()) {
        throw new UsageException(name + " needs a value");
      }
      if (options.put(name, value.trim()) != null) {
        throw new UsageException(name + " may be given only once");
      }
    }
    String namespace = options.getOrDefault("--namespace", DEFAULT_NAMESPACE);
    // The operator's reader wants its pod namespace; here the namespace under test stands in for it.
    Map<String, String> operatorEnv = new HashMap<>(env);
    operatorEnv.put(EnvVars.POD_NAMESPACE, namespace);
    OperatorConfig operator;
    try {
      operator = OperatorConfig.fromEnv(operatorEnv, new ArrayList<>());
    } catch (OperatorConfig.InvalidConfigException e) {
      throw new UsageException(e.getMessage());
    }
    return new TroubleshootConfig(namespace, options.get("--dynakube"), operator);
  }
}
