package com.astromkey.e2e.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.astromkey.domain.dynakube.DynaKube;
import com.astromkey.domain.names.Annotations;
import com.astromkey.domain.names.EnvVars;
import com.astromkey.domain.names.Labels;
import com.astromkey.domain.names.ObjectNames;
import com.astromkey.domain.names.SecretKeys;
import com.astromkey.e2e.harness.E2eSandboxExtension;
import com.astromkey.e2e.sandbox.AdmissionCaller;
import com.astromkey.e2e.sandbox.CustomerFlow;
import com.astromkey.e2e.sandbox.E2eSandbox;
import com.astromkey.e2e.sandbox.RepositoryRoot;
import com.astromkey.operator.OperatorConfig;
import com.astromkey.sandbox.time.TestClock;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhook;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Section 7 control-plane scenarios of scenarios.md: validation over HTTPS, pods never blocked, webhook certificate rotation. */
class ControlPlaneScenarioIT {
  private static final String DK = "dynakube";
  private static final String APP_NAMESPACE = "shop";
  /** The domain's validation catalogue: one file per rule that triggers it (first line {@code # AKx-nnn: …}). */
  private static final Path CATALOGUE = Path.of("domain", "src", "test", "resources", "validation");
  private static final Pattern TRIGGERING = Pattern.compile("^# (AK[VW]-\\d{3}):");
  private static final Pattern PROBLEM_ID = Pattern.compile("\\[(AK[VW]-\\d{3})]");
  private static final String RULE_CUSTOM_PULL_SECRET = "AKW-016";
  /**
   * Rules whose trigger cannot occur alone: node-image-pull needs a codeModulesImage (AKV-080), and a codeModulesImage
   * without the CSI driver is AKW-015 by definition.
   */
  private static final Map<String, List<String>> IMPLIED = Map.of("AKW-009", List.of("AKW-009", "AKW-015"));
  private static final String DEFAULT_MODULES = OperatorConfig.DEFAULT_MODULES_JSON;
  private static final OperatorConfig.WebhookCertDurations CERTS = OperatorConfig.WebhookCertDurations.DEFAULTS;
  /**
   * The operator's clock starts this far back, so the first server certificate is still valid for real clients but
   * one hour inside the renewal window once the clock is advanced to the present.
   */
  private static final Duration BACKDATE = CERTS.server().minus(CERTS.renewalThreshold()).plusHours(1);

  private final TestClock clock = new TestClock(Instant.now().minus(BACKDATE));

  @RegisterExtension
  final E2eSandboxExtension sandbox = E2eSandboxExtension.withCsi().withClock(clock);

  @Test
  void validation_catalogue() throws Exception {
    E2eSandbox s = sandbox.get();
    KubernetesClient client = s.client();
    // only the webhook judges here; the fixtures' extra DynaKubes are not meant to be reconciled
    s.stopOperator();
    Secret customPullSecret = client.secrets().inNamespace(E2eSandbox.NAMESPACE).withName(E2eSandbox.CUSTOM_PULL_SECRET).get();
    customPullSecret.getMetadata().setResourceVersion(null);
    Map<Environment, AdmissionCaller> webhooks = new HashMap<>();
    List<String> checked = new ArrayList<>();
    List<String> wrong = new ArrayList<>();

    List<Path> fixtures;
    try (Stream<Path> files = Files.list(RepositoryRoot.find().resolve(CATALOGUE))) {
      fixtures = files.filter(f -> TRIGGERING.matcher(firstLine(f)).find()).sorted().toList();
    }
    for (Path file : fixtures) {
      Matcher rule = TRIGGERING.matcher(firstLine(file));
      assertThat(rule.find()).isTrue();
      String id = rule.group(1);
      CatalogueEntry entry = CatalogueEntry.parse(client, Files.readString(file));
      AdmissionCaller webhook = webhooks.computeIfAbsent(entry.environment(), env -> replica(s, env, webhooks.size()));
      // the page's my-registry-secret exists throughout (scenarios.md intro), except where its absence is the rule
      boolean withoutCustomPullSecret = id.equals(RULE_CUSTOM_PULL_SECRET) && !entry.defines(E2eSandbox.CUSTOM_PULL_SECRET);
      if (withoutCustomPullSecret) {
        client.resource(customPullSecret).delete();
      }
      List<HasMetadata> created = entry.createClusterObjects(client);
      AdmissionCaller.Result<DynaKube>[] last = result(null);
      try {
        List<String> expected = IMPLIED.getOrDefault(id, List.of(id));
        E2eSandbox.await(file.getFileName() + " to yield exactly " + expected, Duration.ofSeconds(10), () -> {
          last[0] = validate(webhook, entry);
          return ids(last[0]).equals(expected);
        });
        assertThat(last[0].allowed()).as(file.getFileName().toString()).isEqualTo(id.startsWith("AKW"));
        assertThat(last[0].warnings()).allSatisfy(w -> assertThat(w.length()).isLessThanOrEqualTo(256));
      } catch (AssertionError e) {
        wrong.add(file.getFileName() + ": " + e.getMessage() + "; last answer: allowed=" + last[0].allowed()
            + " ids=" + ids(last[0]) + " message=" + last[0].message() + " warnings=" + last[0].warnings());
      }
      created.forEach(o -> client.resource(o).delete());
      if (withoutCustomPullSecret || entry.defines(E2eSandbox.CUSTOM_PULL_SECRET)) {
        client.resource(customPullSecret).createOr(c -> c.update());
      }
      checked.add(id);
    }
    assertThat(wrong).as("catalogue files whose answer was not exactly their rule").isEmpty();
    assertThat(checked).as("every rule of the catalogue through the validating endpoint").hasSizeGreaterThan(50)
        .contains("AKV-001", "AKV-002", "AKV-013", "AKV-071", "AKW-015", "AKW-016", "AKW-018");

    CatalogueEntry threeErrors = CatalogueEntry.parse(client,
        Files.readString(RepositoryRoot.find().resolve(CATALOGUE).resolve("dynakube-three-errors.yaml")));
    AdmissionCaller.Result<DynaKube> denied = s.admission().validateDynaKube(threeErrors.dk(), null);
    assertThat(denied.allowed()).isFalse();
    assertThat(denied.message().split("\n")).hasSize(4).satisfies(lines -> {
      assertThat(lines[0]).isEqualTo("DynaKube astromkey/" + threeErrors.dk().getMetadata().getName()
          + " is invalid (3 problem(s)):");
      assertThat(lines[1]).startsWith("  1. [AKV-010] ");
      assertThat(lines[2]).startsWith("  2. [AKV-020] ");
      assertThat(lines[3]).startsWith("  3. [AKV-050] ");
    });
  }

  @Test
  void webhook_never_blocks() throws Exception {
    E2eSandbox s = sandbox.get();
    CustomerFlow flow = new CustomerFlow(s);
    s.tokensSecret(DK);
    DynaKube dk = s.dynaKube("dynakube-cloudnative-private-registry");
    assertThat(flow.apply(dk).allowed()).isTrue();
    flow.createNamespace(APP_NAMESPACE);
    flow.awaitInjectionReady(APP_NAMESPACE);
    // from here on nothing repairs what the test takes away
    s.stopOperator();
    KubernetesClient client = s.client();

    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("orphan")
        .withLabels(Map.of(Labels.DYNAKUBE_INSTANCE, "deleted-dynakube")).endMetadata().build()).create();
    assertNotInjected(s, "orphan", pod("orphan"), "MissingDynaKube");

    Pod broken = pod(APP_NAMESPACE);
    broken.getSpec().getContainers().add(null);
    assertNotInjected(s, APP_NAMESPACE, broken, "InternalError");

    // the operator's merged source stays (it says a pull secret is needed); the Helm secret and the replica are gone
    client.secrets().inNamespace(E2eSandbox.NAMESPACE).withName(E2eSandbox.CUSTOM_PULL_SECRET).delete();
    client.secrets().inNamespace(APP_NAMESPACE).withName(ObjectNames.INJECTION_PULL_SECRET).delete();
    assertNotInjected(s, APP_NAMESPACE, pod(APP_NAMESPACE), "NoPullSecret");

    client.secrets().inNamespace(E2eSandbox.NAMESPACE).withName(ObjectNames.bootstrapperConfigSourceName(dk)).delete();
    client.secrets().inNamespace(APP_NAMESPACE).withName(ObjectNames.BOOTSTRAPPER_CONFIG_SECRET).delete();
    assertNotInjected(s, APP_NAMESPACE, pod(APP_NAMESPACE), "NoBootstrapperConfig");

    DynaKube stored = client.resources(DynaKube.class).inNamespace(E2eSandbox.NAMESPACE).withName(DK).get();
    stored.getStatus().setCodeModules(null);
    client.resources(DynaKube.class).inNamespace(E2eSandbox.NAMESPACE).resource(stored).updateStatus();
    assertNotInjected(s, APP_NAMESPACE, pod(APP_NAMESPACE), "DynaKubeStatusNotReady");
  }

  @Test
  void webhook_cert_rotation() throws Exception {
    E2eSandbox s = sandbox.get();
    KubernetesClient client = s.client();
    assertThat(s.operatorConfig(Map.of()).webhookCerts()).isEqualTo(CERTS);
    AdmissionCaller first = s.admission();
    X509Certificate original = first.servedCertificate();
    String firstCa = caPem(client);

    clock.advance(BACKDATE);
    client.secrets().inNamespace(E2eSandbox.NAMESPACE).withName(ObjectNames.WEBHOOK_CERTS_SECRET).delete();

    X509Certificate renewed = awaitServed(first, c -> !c.getSerialNumber().equals(original.getSerialNumber()));
    assertThat(renewed.getNotBefore().toInstant()).as("issued at the advanced clock")
        .isAfterOrEqualTo(original.getNotBefore().toInstant().plus(BACKDATE)).isBeforeOrEqualTo(Instant.now());
    assertThat(renewed.getIssuerX500Principal()).isEqualTo(original.getIssuerX500Principal());
    assertThat(caPem(client)).isEqualTo(firstCa);
    assertBundleInBothConfigurations(client, firstCa);
    assertThat(first.validateDynaKube(s.dynaKube("dynakube-cloudnative-private-registry"), null).allowed()).isTrue();

    client.secrets().inNamespace(E2eSandbox.NAMESPACE).withName(ObjectNames.WEBHOOK_CA_SECRET).delete();

    E2eSandbox.await("a new CA in " + ObjectNames.WEBHOOK_CA_SECRET, Duration.ofSeconds(30),
        () -> caPem(client) != null && !caPem(client).equals(firstCa));
    String newCa = caPem(client);
    E2eSandbox.await("caBundle with the new CA in both configurations", Duration.ofSeconds(30),
        () -> bundles(client).stream().allMatch(b -> b.contains(newCa)));
    assertBundleInBothConfigurations(client, newCa);
    E2eSandbox.await("the webhook to serve a certificate of the new CA", Duration.ofSeconds(30), () -> {
      try {
        first.servedCertificate();
        return false;
      } catch (SSLHandshakeException e) {
        return true;
      } catch (IOException e) {
        return false;
      }
    });
    assertThatThrownBy(first::servedCertificate).as("a client with the old bundle").isInstanceOf(SSLHandshakeException.class);
    AdmissionCaller current = s.newAdmissionCaller();
    X509Certificate reissued = current.servedCertificate();
    assertThat(reissued.getSerialNumber()).isNotEqualTo(renewed.getSerialNumber());
    assertThat(current.validateDynaKube(s.dynaKube("dynakube-cloudnative-private-registry"), null).allowed()).isTrue();
  }

  private static void assertNotInjected(E2eSandbox s, String namespace, Pod pod, String reason) throws Exception {
    AdmissionCaller.Result<Pod>[] last = result(null);
    E2eSandbox.await("a pod in " + namespace + " admitted with reason " + reason, Duration.ofSeconds(20), () -> {
      try {
        last[0] = s.admission().mutatePod(pod, true);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
      Map<String, String> annotations = last[0].object().getMetadata().getAnnotations();
      return annotations != null && reason.equals(annotations.get(Annotations.ONEAGENT_REASON));
    });
    AdmissionCaller.Result<Pod> admitted = s.admission().mutatePod(pod, false);
    assertThat(admitted.allowed()).as(reason).isTrue();
    assertThat(admitted.object().getMetadata().getAnnotations()).as(reason)
        .containsEntry(Annotations.ONEAGENT_INJECTED, "false").containsEntry(Annotations.ONEAGENT_REASON, reason)
        .containsEntry(Annotations.DYNAKUBE_INJECTED, "false").containsEntry(Annotations.DYNAKUBE_REASON, reason);
    assertThat(admitted.object().getSpec().getInitContainers()).as(reason).isNullOrEmpty();
  }

  private static Pod pod(String namespace) {
    return new PodBuilder().withNewMetadata().withName("app-" + UUID.randomUUID().toString().substring(0, 8))
        .withNamespace(namespace).endMetadata().withNewSpec().addNewContainer().withName("app")
        .withImage("docker.io/library/busybox:1.36").endContainer().endSpec().build();
  }

  private static X509Certificate awaitServed(AdmissionCaller caller, Predicate<X509Certificate> done) {
    X509Certificate[] served = new X509Certificate[1];
    E2eSandbox.await("the webhook to serve the renewed certificate without restart", Duration.ofSeconds(30), () -> {
      try {
        served[0] = caller.servedCertificate();
        return done.test(served[0]);
      } catch (IOException e) {
        return false;
      }
    });
    return served[0];
  }

  private static String caPem(KubernetesClient client) {
    Secret ca = client.secrets().inNamespace(E2eSandbox.NAMESPACE).withName(ObjectNames.WEBHOOK_CA_SECRET).get();
    return ca == null || ca.getData() == null || ca.getData().get(SecretKeys.CA_CRT) == null ? null
        : new String(Base64.getDecoder().decode(ca.getData().get(SecretKeys.CA_CRT)), StandardCharsets.UTF_8);
  }

  /** Every webhook entry of the mutating and the validating configuration, decoded. */
  private static List<String> bundles(KubernetesClient client) {
    List<String> bundles = new ArrayList<>();
    for (MutatingWebhook w : client.admissionRegistration().v1().mutatingWebhookConfigurations()
        .withName(ObjectNames.MUTATING_WEBHOOK_CONFIGURATION).get().getWebhooks()) {
      bundles.add(decode(w.getClientConfig().getCaBundle()));
    }
    for (ValidatingWebhook w : client.admissionRegistration().v1().validatingWebhookConfigurations()
        .withName(ObjectNames.VALIDATING_WEBHOOK_CONFIGURATION).get().getWebhooks()) {
      bundles.add(decode(w.getClientConfig().getCaBundle()));
    }
    return bundles;
  }

  private static void assertBundleInBothConfigurations(KubernetesClient client, String caPem) {
    List<String> bundles = bundles(client);
    assertThat(bundles).hasSizeGreaterThanOrEqualTo(3).allSatisfy(b -> assertThat(b).contains(caPem.strip()));
  }

  private static String decode(String base64) {
    return base64 == null ? "" : new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
  }

  private static AdmissionCaller.Result<DynaKube> validate(AdmissionCaller webhook, CatalogueEntry entry) {
    try {
      return webhook.validateDynaKube(entry.dk(), entry.oldDk());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The problem IDs of an answer: the numbered lines of a denial and the warnings. */
  private static List<String> ids(AdmissionCaller.Result<DynaKube> result) {
    List<String> ids = new ArrayList<>();
    Stream.concat(Stream.of(result.message().split("\n")).skip(1), result.warnings().stream()).forEach(line -> {
      Matcher m = PROBLEM_ID.matcher(line);
      if (m.find()) {
        ids.add(m.group(1));
      }
    });
    return ids;
  }

  /** A webhook replica configured like the fixture's {@code TestEnvironment}: the components installed and the Helm pull secret. */
  private static AdmissionCaller replica(E2eSandbox s, Environment env, int n) {
    try {
      return s.startWebhookReplica("astromkey-webhook-catalogue-" + n,
          Map.of(EnvVars.AK_MODULES_JSON, env.modulesJson(), EnvVars.AK_OPERATOR_PULL_SECRET, env.helmPullSecret()));
    } catch (Exception e) {
      throw new IllegalStateException("webhook replica for " + env, e);
    }
  }

  @SuppressWarnings("unchecked")
  private static <T> AdmissionCaller.Result<T>[] result(AdmissionCaller.Result<T> initial) {
    AdmissionCaller.Result<T>[] holder = new AdmissionCaller.Result[1];
    holder[0] = initial;
    return holder;
  }

  private static String firstLine(Path file) {
    try (Stream<String> lines = Files.lines(file)) {
      return lines.findFirst().orElse("");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What the webhook is installed with: {@code AK_MODULES_JSON} and {@code AK_OPERATOR_PULL_SECRET}. */
  record Environment(String modulesJson, String helmPullSecret) {}

  /**
   * One file of the catalogue: the DynaKube under test, the stored one of an UPDATE, the cluster objects the rule reads
   * and the installation environment (the layout the domain's fixture test reads).
   */
  record CatalogueEntry(DynaKube dk, DynaKube oldDk, List<HasMetadata> cluster, Environment environment) {
    static CatalogueEntry parse(KubernetesClient client, String yaml) {
      DynaKube dk = null;
      DynaKube oldDk = null;
      List<HasMetadata> cluster = new ArrayList<>();
      Environment env = new Environment(DEFAULT_MODULES, "");
      for (String document : yaml.split("(?m)^---\\s*$")) {
        if (document.lines().allMatch(l -> l.isBlank() || l.startsWith("#"))) {
          continue;
        }
        GenericKubernetesResource generic = client.getKubernetesSerialization().unmarshal(document,
            GenericKubernetesResource.class);
        switch (generic.getKind()) {
          case "DynaKube" -> {
            DynaKube parsed = client.getKubernetesSerialization().unmarshal(document, DynaKube.class);
            if (dk == null) {
              dk = parsed;
            } else if (parsed.getMetadata().getName().equals(dk.getMetadata().getName())) {
              oldDk = parsed;
            } else {
              cluster.add(parsed);
            }
          }
          case "Namespace" -> cluster.add(client.getKubernetesSerialization().unmarshal(document, Namespace.class));
          case "Secret" -> cluster.add(asStored(client.getKubernetesSerialization().unmarshal(document, Secret.class)));
          case "TestEnvironment" -> {
            Object modules = generic.getAdditionalProperties().get("modulesJson");
            Object helm = generic.getAdditionalProperties().get("helmPullSecret");
            env = new Environment(modules == null ? DEFAULT_MODULES : modules.toString(), helm == null ? "" : helm.toString());
          }
          default -> throw new IllegalArgumentException("unexpected kind " + generic.getKind());
        }
      }
      return new CatalogueEntry(dk, oldDk, cluster, env);
    }

    /** The API server turns {@code stringData} into {@code data}; the webhook's informer sees only the latter. */
    private static Secret asStored(Secret secret) {
      if (secret.getStringData() != null) {
        Map<String, String> data = new LinkedHashMap<>(secret.getData() == null ? Map.of() : secret.getData());
        secret.getStringData().forEach((k, v) -> data.put(k,
            Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
        secret.setData(data);
        secret.setStringData(null);
      }
      return secret;
    }

    boolean defines(String secretName) {
      return cluster.stream().anyMatch(o -> o instanceof Secret && o.getMetadata().getName().equals(secretName));
    }

    List<HasMetadata> createClusterObjects(KubernetesClient client) {
      cluster.forEach(o -> client.resource(o).createOr(c -> c.update()));
      return cluster;
    }
  }
}
