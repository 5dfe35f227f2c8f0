package com.astromkey.operator.troubleshoot;

import com.astromkey.domain.codemodules.CodeModulesFlavor;
import com.astromkey.domain.dynakube.DynaKube;
import com.astromkey.domain.dynakube.spec.AppInjection;
import com.astromkey.domain.dynakube.spec.OneAgentMode;
import com.astromkey.domain.names.EnvVars;
import com.astromkey.domain.names.ObjectNames;
import com.astromkey.domain.names.SecretKeys;
import com.astromkey.domain.validation.DynaKubeValidator;
import com.astromkey.domain.validation.Problem;
import com.astromkey.domain.validation.ValidationResult;
import com.astromkey.oci.Platform;
import com.astromkey.oci.cli.CheckLine;
import com.astromkey.oci.cli.ImageTroubleshooter.NodePlatforms;
import com.astromkey.oci.keychain.SecretStatus;
import com.astromkey.oci.transport.ProxyConfig;
import com.astromkey.operator.OperatorConfig;
import com.astromkey.operator.dynakube.KubeClusterView;
import com.astromkey.operator.kube.ObjectWriter;
import com.astromkey.operator.proxy.ProxyStep;
import com.astromkey.operator.pullsecret.TenantPullSecret;
import com.astromkey.operator.signature.RegistryAccess;
import com.astromkey.operator.status.Messages;
import com.astromkey.operator.tenant.ClientTenantApi;
import com.astromkey.operator.tokens.TokensStep;
import com.astromkey.tenant.Arch;
import com.astromkey.tenant.ConnectionInfo;
import com.astromkey.tenant.TenantApiException;
import com.astromkey.tenant.TenantClient;
import com.astromkey.tenant.TenantErrorKind;
import io.fabric8.kubernetes.api.model.Secret;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The checks of one DynaKube that do not concern a single image (registry.md §12): validation, tokens, tenant, pull
 * secrets, trusted CAs, skipCertCheck and proxy. Every input is read the way the reconcile reads it, through the same code.
 */
final class DynaKubeChecks {
  private final ObjectWriter kube;
  private final OperatorConfig config;
  private static final String TENANT_PULL_SECRET = "tenant pull secret";

  private final DynaKubeValidator validator = new DynaKubeValidator();

  DynaKubeChecks(ObjectWriter kube, OperatorConfig config) {
    this.kube = kube;
    this.config = config;
  }

  /** Errors of the shared validator FAIL, warnings WARN (api-dynakube-v1beta5.md §7). */
  void validation(DynaKube dk, List<CheckLine> lines) {
    ValidationResult result = validator.validate(dk, null,
        new KubeClusterView(kube.client(), dk.getMetadata().getNamespace(), config.modules(), config.helmPullSecret()));
    for (Problem error : result.errors()) {
      lines.add(CheckLine.fail("validation", error.formatted(),
          "correct the DynaKube; 'astromkey-operator validate -f <file>' runs the same rules offline"));
    }
    for (Problem warning : result.warnings()) {
      lines.add(CheckLine.warn("validation", warning.formatted(), "review the DynaKube; the operator runs it anyway"));
    }
    if (result.errors().isEmpty() && result.warnings().isEmpty()) {
      lines.add(CheckLine.pass("validation", "no errors or warnings"));
    }
  }

  /** Tokens Secret, scope lookup and the agent connection info through the DynaKube's proxy and CAs. */
  void tokensAndTenant(DynaKube dk, String proxyUrl, String trustedPems, NodePlatforms nodes, List<CheckLine> lines) {
    String namespace = dk.getMetadata().getNamespace();
    String secretName = ObjectNames.tokensSecretName(dk);
    TokensStep.TokensRead read = TokensStep.read(kube.get(Secret.class, namespace, secretName), namespace, secretName);
    if (read.tokens() == null) {
      lines.add(CheckLine.fail("tokens", read.message(), "kubectl -n " + namespace + " create secret generic " + secretName
          + " --from-literal=" + SecretKeys.API_TOKEN + "=<token>"));
      return;
    }
    lines.add(CheckLine.pass("tokens", "secret " + secretName + ": " + SecretKeys.API_TOKEN + " present"
        + (read.tokens().hasPaasToken() ? ", " + SecretKeys.PAAS_TOKEN + " present" : "")));
    try (TenantClient client = new TenantClient(
        TokensStep.clientConfig(dk, read.tokens(), proxyUrl, trustedPems, config, Clock.systemUTC()))) {
      ClientTenantApi tenant = new ClientTenantApi(client);
      List<String> missing = TokensStep.missingScopes(tenant, read.tokens(), dk.getSpec().activeGateEnabled());
      lines.add(missing.isEmpty() ? CheckLine.pass("token scopes", "every required scope granted")
          : CheckLine.fail("token scopes", "missing " + String.join(", ", missing),
              "add the scopes to the tokens in secret " + secretName));
      ConnectionInfo info = tenant.agentConnectionInfo();
      lines.add(info.isEmpty()
          ? CheckLine.warn("tenant", "reachable, but the connection info has no endpoints"
              + (dk.getSpec().getNetworkZone() == null ? "" : " in network zone " + dk.getSpec().getNetworkZone()),
              "check the network zone, or wait until the tenant has ActiveGates for it")
          : CheckLine.pass("tenant", "reachable at " + dk.getSpec().getApiUrl() + ", tenant " + info.tenantUUID()));
      pinnedCodeModulesVersion(dk, client, nodes).ifPresent(lines::add);
    } catch (TenantApiException e) {
      lines.add(CheckLine.fail("tenant", "request failed (" + Messages.shortError(e) + ") at " + dk.getSpec().getApiUrl(),
          tenantHint(e, secretName)));
    }
  }

  /** A pinned code-modules {@code version} (no image) must be offered by endpoint #8 for every node architecture. */
  private static Optional<CheckLine> pinnedCodeModulesVersion(DynaKube dk, TenantClient client, NodePlatforms nodes) {
    Optional<OneAgentMode> mode = dk.getSpec().getOneAgent() == null ? Optional.empty() : dk.getSpec().getOneAgent().mode();
    AppInjection injection = mode.filter(OneAgentMode::injectsCodeModules)
        .map(m -> dk.getSpec().getOneAgent().appInjection(m)).orElse(null);
    if (injection == null || injection.hasCodeModulesImage() || injection.getVersion() == null
        || injection.getVersion().isBlank()) {
      return Optional.empty();
    }
    String version = injection.getVersion().trim();
    Set<Arch> archs = new TreeSet<>();
    for (Platform platform : nodes.platforms()) {
      try {
        archs.add(Arch.fromCpu(platform.architecture()));
      } catch (IllegalArgumentException e) {
        // the tenant builds code modules for x86 and arm only; other nodes are not injected
      }
    }
    List<String> missing = new ArrayList<>();
    for (Arch arch : archs) {
      if (!client.availableVersions(CodeModulesFlavor.MULTIDISTRO, arch).contains(version)) {
        missing.add(arch.query());
      }
    }
    String names = String.join(", ", archs.stream().map(Arch::query).toList());
    return Optional.of(missing.isEmpty()
        ? CheckLine.pass("code modules version", version + " offered by the tenant for " + names)
        : CheckLine.fail("code modules version", version + " is not offered by the tenant for "
            + String.join(", ", missing), "pin a version the tenant lists, or remove version to follow the latest"));
  }

  private static String tenantHint(TenantApiException e, String secretName) {
    if (e.kind() == TenantErrorKind.TLS) {
      return "add the CA that signed the tenant certificate to the trustedCAs ConfigMap (key " + SecretKeys.TRUSTED_CAS_CERTS
          + ")";
    }
    if (e.isAuthError()) {
      return "check that the tokens in secret " + secretName + " exist, are not expired and have the required scopes";
    }
    return "check spec.apiUrl, the proxy, no-proxy and network policies between this pod and the tenant";
  }

  /** Each of the three pull-secret names: usable (and its {@code auths} keys), missing or unusable; never credentials. */
  void pullSecrets(DynaKube dk, RegistryAccess access, List<CheckLine> lines) {
    String namespace = dk.getMetadata().getNamespace();
    for (SecretStatus status : access.keychain().statuses()) {
      String role = role(dk, status.name());
      boolean tenant = role.equals(TENANT_PULL_SECRET);
      String check = "pull secret " + status.name();
      switch (status.state()) {
        case USABLE -> lines.add(CheckLine.pass(check, role + ", auths: " + String.join(", ", status.registryKeys())));
        case MISSING -> {
          if (!tenant) {
            lines.add(CheckLine.fail(check, role + " " + status.name() + " does not exist in " + namespace,
                "kubectl -n " + namespace + " create secret docker-registry " + status.name()
                    + " --docker-server=<registry> --docker-username=<user> --docker-password=<password>"));
          } else if (TenantPullSecret.needed(dk)) {
            lines.add(CheckLine.warn(check, role + " not created yet",
                "the operator writes it once the tokens and connection info are fine; see the DynaKube status"));
          }
        }
        case UNUSABLE -> lines.add(CheckLine.fail(check, role + " unusable: " + status.reason(),
            "recreate it with: kubectl -n " + namespace + " create secret docker-registry " + status.name() + " ..."));
      }
    }
  }

  /** Custom and Helm names come first, as in the keychain; a name used twice is reported once under its first role. */
  private String role(DynaKube dk, String name) {
    String custom = dk.getSpec().getCustomPullSecret();
    if (custom != null && name.equals(custom.trim())) {
      return "customPullSecret";
    }
    return name.equals(config.helmPullSecret()) ? "Helm pull secret (" + EnvVars.AK_OPERATOR_PULL_SECRET + ")"
        : TENANT_PULL_SECRET;
  }

  /** trustedCAs, skipCertCheck and proxy as the image and tenant clients use them. */
  void transport(DynaKube dk, String trustedPems, String proxyUrl, List<CheckLine> lines) {
    String trustedCAs = dk.getSpec().getTrustedCAs();
    if (trustedCAs != null && !trustedCAs.isBlank()) {
      int certificates = trustedPems.split("-----BEGIN CERTIFICATE-----", -1).length - 1;
      lines.add(certificates == 0
          ? CheckLine.fail("trustedCAs", "ConfigMap " + trustedCAs + " is missing or holds no certificate under key "
              + SecretKeys.TRUSTED_CAS_CERTS, "create the ConfigMap with the PEM CA certificates under key "
              + SecretKeys.TRUSTED_CAS_CERTS)
          : CheckLine.pass("trustedCAs", "ConfigMap " + trustedCAs + ": " + certificates
              + (certificates == 1 ? " certificate" : " certificates")));
    }
    if (Boolean.TRUE.equals(dk.getSpec().getSkipCertCheck())) {
      lines.add(CheckLine.warn("skipCertCheck", "true: registry and tenant certificates are not checked",
          "put the CA into a trustedCAs ConfigMap and turn skipCertCheck off"));
    }
    if (!proxyUrl.isEmpty()) {
      try {
        ProxyConfig proxy = ProxyConfig.parse(proxyUrl, null, null, List.of());
        // host and port only: the URL may carry credentials
        lines.add(CheckLine.pass("proxy", proxy.host() + ":" + proxy.port()));
      } catch (IllegalArgumentException e) {
        lines.add(CheckLine.fail("proxy", "spec.proxy is not a valid URL", "set spec.proxy to http://[user:password@]host:port"));
      }
    }
  }

  String proxyUrl(DynaKube dk) {
    return ProxyStep.resolve(dk, kube);
  }

  String trustedPems(DynaKube dk) {
    return TokensStep.trustedPems(dk, kube);
  }
}
