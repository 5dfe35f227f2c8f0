package com.astromkey.e2e.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import com.astromkey.domain.dynakube.DynaKube;
import com.astromkey.domain.dynakube.spec.ValueSource;
import com.astromkey.domain.feature.FeatureFlag;
import com.astromkey.domain.names.Annotations;
import com.astromkey.domain.names.CsiEventReasons;
import com.astromkey.domain.names.EnvVars;
import com.astromkey.domain.names.ObjectNames;
import com.astromkey.domain.names.SecretKeys;
import com.astromkey.e2e.harness.E2eSandboxExtension;
import com.astromkey.e2e.sandbox.AdmissionCaller;
import com.astromkey.e2e.sandbox.CsiNode;
import com.astromkey.e2e.sandbox.CustomerFlow;
import com.astromkey.e2e.sandbox.E2eSandbox;
import com.astromkey.e2e.sandbox.SandboxImages;
import com.astromkey.sandbox.images.PushedIndex;
import com.astromkey.sandbox.proxy.ConnectProxy;
import com.astromkey.sandbox.registry.AccessLogEntry;
import com.astromkey.sandbox.registry.RegistryUser;
import com.astromkey.sandbox.registry.TokenIssuer;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.grpc.Status;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Section 3 of scenarios.md (transport and credentials): private CA, proxy, rotated and merged pull secrets, registry outage. */
class TransportScenarioIT {
  private static final String DK = "dynakube";
  private static final String APP_NAMESPACE = "shop";
  private static final String CODE_MODULES = E2eSandbox.REPOSITORY_PREFIX + "/astromkey-codemodules";
  private static final String NEXT_VERSION = "1.302.0";
  private static final String REGISTRY_CA = "registry-ca";
  private static final String PROXY_SECRET = "proxy-credentials";
  private static final String PATH_SECRET = "astromkey-path-secret";
  /** AK_DEV_TIME_SCALE of the provisioner: its 1m…10m backoff becomes 0.6 s…6 s. */
  private static final String TIME_SCALE = "0.01";
  private static final RegistryUser PATH_USER = RegistryUser.pullOnly("astromkey-puller", randomPassword());

  @RegisterExtension
  final E2eSandboxExtension sandbox = E2eSandboxExtension.withCsi()
      .configured(s -> s.provisionerEnv(EnvVars.AK_DEV_MODE, "true").provisionerEnv(EnvVars.AK_DEV_TIME_SCALE, TIME_SCALE))
      // the tenant must stay reachable while trustedCAs is unset, so that only the registry's certificate is in question
      .configuredFor("custom_ca_registry", E2eSandbox::plainHttpTenant)
      .configuredFor("multiple_pull_secrets_merged", s -> s.tokenAuthRegistry(PATH_USER));

  @Test
  void custom_ca_registry() throws Exception {
    E2eSandbox s = sandbox.get();
    KubernetesClient client = s.client();
    CustomerFlow flow = new CustomerFlow(s);
    DynaKube dk = withTokens(s, "dynakube-custom-ca-registry");
    dk.getSpec().setTrustedCAs(null);
    s.registry().clearAccessLog();

    assertThat(flow.apply(dk).allowed()).isTrue();
    awaitPullFailedEvent(s, DK);
    assertThat(pullFailedEvents(client, DK)).singleElement().satisfies(e -> assertThat(e.getMessage()).contains("TLS"));
    assertThat(metric(s, "astromkey_csi_install_errors_total", "reason", "tls")).isPositive();
    assertThat(latest(s, DK)).isEmpty();
    assertThat(s.registry().accessLog()).noneMatch(e -> e.uri().contains(CODE_MODULES) && e.status() == 200);

    client.configMaps().inNamespace(E2eSandbox.NAMESPACE).resource(new ConfigMapBuilder().withNewMetadata()
        .withName(REGISTRY_CA).endMetadata().withData(Map.of(SecretKeys.TRUSTED_CAS_CERTS,
            Files.readString(s.registry().caPem()))).build()).create();
    DynaKube trusting = update(s, DK, d -> d.getSpec().setTrustedCAs(REGISTRY_CA));
    assertThat(trusting.getSpec().getTrustedCAs()).isEqualTo(REGISTRY_CA);
    awaitInstalled(s, DK, codeModulesKey(s.images().codeModules()));
    assertReadsAs(s, CODE_MODULES, s.customer().name());

    // the other way out: no CA at all, verification off (a second DynaKube, so that its pass has to resolve the image)
    String skipping = "dynakube-skip-cert-check";
    DynaKube insecure = withTokens(s, "dynakube-custom-ca-registry-skip-cert-check");
    insecure.getSpec().setTrustedCAs(null);
    s.registry().clearAccessLog();
    AdmissionCaller.Result<DynaKube> admitted = flow.apply(insecure);
    assertThat(admitted.allowed()).as(admitted.message()).isTrue();
    assertThat(admitted.warnings()).anySatisfy(w -> assertThat(w).startsWith("[AKW-013]")
        .contains("disables TLS verification"));
    awaitInstalled(s, skipping, codeModulesKey(s.images().codeModules()));
    assertThat(s.registry().awaitAccessLog(e -> e.isManifest() && e.status() == 200 && e.uri().contains(CODE_MODULES)))
        .anyMatch(e -> e.isManifest() && e.status() == 200 && e.uri().contains(CODE_MODULES));
  }

  @Test
  void proxy_for_tenant_and_registry() throws Exception {
    E2eSandbox s = sandbox.get();
    KubernetesClient client = s.client();
    CustomerFlow flow = new CustomerFlow(s);
    String proxyUser = "proxy-user";
    try (ConnectProxy proxy = ConnectProxy.withBasicAuth(proxyUser, randomPassword())) {
      s.secret(E2eSandbox.NAMESPACE, PROXY_SECRET, "Opaque", Map.of(SecretKeys.PROXY, proxy.uriWithCredentials().toString()));
      DynaKube dk = withTokens(s, "dynakube-proxy-for-tenant-and-registry");
      String tenantHost = URI.create(s.tenant().apiUrl()).getAuthority();
      String registryHost = s.registry().host();

      AdmissionCaller.Result<DynaKube> admitted = flow.apply(dk);
      assertThat(admitted.allowed()).as(admitted.message()).isTrue();
      awaitInstalled(s, DK, codeModulesKey(s.images().codeModules()));
      flow.awaitStatus(DK, st -> st.getActiveGate() != null && st.getActiveGate().getConnectionInfoStatus() != null
          && st.getProxyURLHash() != null);
      assertThat(client.secrets().inNamespace(E2eSandbox.NAMESPACE).withName(DK + "-internal-proxy").get()).isNotNull();

      // HTTPS goes through CONNECT tunnels (one per pooled connection), each carrying the Basic proxy credentials
      List<ConnectProxy.Entry> tunnels = proxy.requests();
      assertThat(tunnels).extracting(ConnectProxy.Entry::target).contains(tenantHost, registryHost);
      assertThat(tunnels).allSatisfy(e -> {
        assertThat(e.method()).isEqualTo("CONNECT");
        assertThat(e.user()).isEqualTo(proxyUser);
        assertThat(e.status()).isEqualTo(200);
      });
      assertThat(s.tenant().count(".*/connectioninfo.*")).isPositive();

      // no-proxy for the registry: the next install (a new tag) reaches the registry directly, the tenant still through the proxy
      PushedIndex next = SandboxImages.pushCodeModules(s.registry(), CODE_MODULES, NEXT_VERSION);
      proxy.clearRequests();
      s.registry().clearAccessLog();
      update(s, DK, d -> {
        d.getMetadata().getAnnotations().put(FeatureFlag.NO_PROXY.key(), registryHost);
        d.getSpec().getOneAgent().getApplicationMonitoring().setCodeModulesImage(next.reference());
      });
      awaitInstalled(s, DK, codeModulesKey(next));
      assertReadsAs(s, CODE_MODULES + "/manifests/" + NEXT_VERSION, s.customer().name());
      assertThat(proxy.requests()).extracting(ConnectProxy.Entry::target).doesNotContain(registryHost);

      // a password the agents cannot take is refused before anything is stored
      DynaKube stored = client.resources(DynaKube.class).inNamespace(E2eSandbox.NAMESPACE).withName(DK).get();
      DynaKube percent = client.resources(DynaKube.class).inNamespace(E2eSandbox.NAMESPACE).withName(DK).get();
      percent.getSpec().setProxy(new ValueSource("http://" + proxyUser + ":50%off@" + proxy.host(), null));
      AdmissionCaller.Result<DynaKube> denied = s.admission().validateDynaKube(percent, stored);
      assertThat(denied.allowed()).isFalse();
      assertThat(denied.message()).contains("AKV-061").contains("contains a character the agents cannot use");
    }
  }

  @Test
  void rotated_pull_secret() throws Exception {
    E2eSandbox s = sandbox.get();
    CustomerFlow flow = new CustomerFlow(s);
    assertThat(flow.apply(withTokens(s, "dynakube-rotated-pull-secret")).allowed()).isTrue();
    KubernetesClient client = s.client();
    awaitInstalled(s, DK, codeModulesKey(s.images().codeModules()));
    flow.createNamespace(APP_NAMESPACE);
    flow.awaitInjectionReady(APP_NAMESPACE);
    String hashBefore = replicaHash(client);
    PodTemplateSpec templateBefore = awaitStatefulSet(client).getSpec().getTemplate();
    assertThat(metric(s, "astromkey_csi_install_total", "result", "success")).isEqualTo(1);

    RegistryUser rotated = s.registry().changePassword(s.customer().name(), randomPassword());
    s.secret(E2eSandbox.NAMESPACE, E2eSandbox.CUSTOM_PULL_SECRET, SecretKeys.TYPE_DOCKER_CONFIG_JSON,
        Map.of(SecretKeys.DOCKER_CONFIG_JSON, s.registry().dockerConfigJson(rotated)));
    PushedIndex next = SandboxImages.pushCodeModules(s.registry(), CODE_MODULES, NEXT_VERSION);
    s.registry().clearAccessLog();
    update(s, DK, d -> d.getSpec().getOneAgent().getApplicationMonitoring().setCodeModulesImage(next.reference()));

    awaitInstalled(s, DK, codeModulesKey(next));
    assertReadsAs(s, CODE_MODULES + "/manifests/" + NEXT_VERSION, rotated.name());
    // the same provisioner (its counters were not reset by a restart) did both installs
    assertThat(metric(s, "astromkey_csi_install_total", "result", "success")).isEqualTo(2);

    E2eSandbox.await("the rotated " + ObjectNames.INJECTION_PULL_SECRET + " in " + APP_NAMESPACE, CustomerFlow.PATIENCE,
        () -> !hashBefore.equals(replicaHash(client)));
    Secret replica = client.secrets().inNamespace(APP_NAMESPACE).withName(ObjectNames.INJECTION_PULL_SECRET).get();
    // compared as a boolean so that a failure never prints the credentials
    assertThat(dockerConfigAuth(replica, s.registry().host()).equals(basicAuth(rotated)))
        .as("the replica carries the rotated credentials").isTrue();

    assertThat(awaitStatefulSet(client).getSpec().getTemplate()).as("no rollout for an in-place rotation")
        .isEqualTo(templateBefore);
  }

  @Test
  void multiple_pull_secrets_merged() throws Exception {
    E2eSandbox s = sandbox.get();
    CustomerFlow flow = new CustomerFlow(s);
    TokenIssuer tokens = s.registry().tokenIssuer();
    s.secret(E2eSandbox.NAMESPACE, PATH_SECRET, SecretKeys.TYPE_DOCKER_CONFIG_JSON,
        Map.of(SecretKeys.DOCKER_CONFIG_JSON, s.registry().dockerConfigJson(PATH_USER, E2eSandbox.REPOSITORY_PREFIX)));
    DynaKube dk = withTokens(s, "dynakube-multiple-pull-secrets-merged");
    tokens.clearRequests();
    s.registry().clearAccessLog();

    AdmissionCaller.Result<DynaKube> admitted = flow.apply(dk);
    assertThat(admitted.allowed()).as(admitted.message()).isTrue();
    awaitInstalled(s, DK, codeModulesKey(s.images().codeModules()));
    assertReadsAs(s, CODE_MODULES, PATH_USER.name());
    // <registry>/astromkey/*: the longer key of customPullSecret wins over the Helm secret's registry-wide entry
    assertThat(pullTokens(tokens, CODE_MODULES)).isNotEmpty()
        .allSatisfy(t -> assertThat(t.user()).isEqualTo(PATH_USER.name()));

    // another path of the same registry: only the Helm entry matches
    String otherPath = "mirror/astromkey-codemodules";
    PushedIndex mirrored = SandboxImages.pushCodeModules(s.registry(), otherPath, SandboxImages.VERSION);
    tokens.clearRequests();
    update(s, DK, d -> d.getSpec().getOneAgent().getApplicationMonitoring().setCodeModulesImage(mirrored.reference()));
    E2eSandbox.await("a pull token for " + otherPath, CustomerFlow.PATIENCE,
        () -> pullTokens(tokens, otherPath).stream().anyMatch(t -> t.status() == 200));
    assertThat(pullTokens(tokens, otherPath)).allSatisfy(t -> assertThat(t.user()).isEqualTo(s.customer().name()));
    assertThat(pullTokens(tokens, CODE_MODULES)).isEmpty();

    // wrong credentials in the custom entry: refused by the token server, then the Helm entry succeeds
    s.secret(E2eSandbox.NAMESPACE, PATH_SECRET, SecretKeys.TYPE_DOCKER_CONFIG_JSON, Map.of(SecretKeys.DOCKER_CONFIG_JSON,
        s.registry().dockerConfigJson(RegistryUser.pullOnly(PATH_USER.name(), randomPassword()), E2eSandbox.REPOSITORY_PREFIX)));
    PushedIndex next = SandboxImages.pushCodeModules(s.registry(), CODE_MODULES, NEXT_VERSION);
    tokens.clearRequests();
    s.registry().clearAccessLog();
    update(s, DK, d -> d.getSpec().getOneAgent().getApplicationMonitoring().setCodeModulesImage(next.reference()));
    awaitInstalled(s, DK, codeModulesKey(next));
    assertReadsAs(s, CODE_MODULES + "/manifests/" + NEXT_VERSION, s.customer().name());
    List<TokenIssuer.TokenRequest> fallback = pullTokens(tokens, CODE_MODULES);
    assertThat(fallback).anySatisfy(t -> {
      assertThat(t.user()).isEqualTo(PATH_USER.name());
      assertThat(t.status()).isEqualTo(401);
    });
    assertThat(fallback).filteredOn(t -> t.status() == 200).isNotEmpty()
        .allSatisfy(t -> assertThat(t.user()).isEqualTo(s.customer().name()));
    assertThat(fallback.indexOf(fallback.stream().filter(t -> t.status() == 401).findFirst().orElseThrow()))
        .as("the custom entry is tried first").isLessThan(
            fallback.indexOf(fallback.stream().filter(t -> t.status() == 200).findFirst().orElseThrow()));
  }

  @Test
  void registry_down_then_up() throws Exception {
    E2eSandbox s = sandbox.get();
    KubernetesClient client = s.client();
    CustomerFlow flow = new CustomerFlow(s);
    CsiNode csi = s.csi().orElseThrow();
    DynaKube dk = withTokens(s, "dynakube-registry-down-then-up");
    s.registry().stop();

    assertThat(flow.apply(dk).allowed()).isTrue();
    awaitPullFailedEvent(s, DK);
    // the compressed window, from the first failure: 20 s stand for 33 min of production timing, in which the backoff
    // (1m, 2m, 4m, 8m, 10m, …) allows 6 attempts; a fixed 1m requeue would make 34, a tight loop thousands
    long windowEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    flow.createNamespace(APP_NAMESPACE);
    flow.awaitInjectionReady(APP_NAMESPACE);
    Pod pod = flow.createPod(APP_NAMESPACE, "app-1", "docker.io/library/nginx:1.27").object();
    assertThat(csi.publishStatus(pod, ObjectNames.VOLUME_ONEAGENT_BIN)).isEqualTo(Status.Code.UNAVAILABLE);
    TimeUnit.NANOSECONDS.sleep(Math.max(0, windowEnd - System.nanoTime()));
    double attempts = metric(s, "astromkey_csi_install_total", "result", "failure");
    assertThat(attempts).as("install attempts while the registry is down").isBetween(3.0, 8.0);
    assertThat(metric(s, "astromkey_csi_install_errors_total", "reason", "timeout")).isEqualTo(attempts);
    assertThat(pullFailedEvents(client, DK)).as("one event per node and hour").hasSize(1)
        .allSatisfy(e -> assertThat(e.getMessage()).startsWith("node " + E2eSandbox.NODE + ":"));
    assertThat(csi.publishStatus(pod, ObjectNames.VOLUME_ONEAGENT_BIN)).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(latest(s, DK)).isEmpty();

    CompletableFuture<CsiNode.Publication> waiting = CompletableFuture.supplyAsync(() -> {
      try {
        return csi.publish(pod, ObjectNames.VOLUME_ONEAGENT_BIN, Duration.ofSeconds(60));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    });
    s.registry().start();
    long restarted = System.nanoTime();
    awaitInstalled(s, DK, codeModulesKey(s.images().codeModules()));
    // at most the longest backoff (10 min, scaled: 6 s) plus one pass
    assertThat(Duration.ofNanos(System.nanoTime() - restarted)).isLessThan(Duration.ofSeconds(6 + 6));
    CsiNode.Publication published = waiting.get(30, TimeUnit.SECONDS);
    assertThat(published.target().resolve("agent/lib64/liboneagentproc.so")).content().contains(SandboxImages.VERSION);
    assertThat(pullFailedEvents(client, DK)).hasSize(1);
  }

  // ---------------------------------------------------------------- helpers

  /** The scenario's fixture DynaKube, with the tokens Secret a customer creates next to it. */
  private static DynaKube withTokens(E2eSandbox s, String fixture) {
    DynaKube dk = s.dynaKube(fixture);
    s.tokensSecret(dk.getMetadata().getName());
    return dk;
  }

  /** Reads a DynaKube, changes it, sends the update through the validating webhook and stores it when allowed. */
  private static DynaKube update(E2eSandbox s, String name, java.util.function.Consumer<DynaKube> change)
      throws IOException, InterruptedException {
    var resource = s.client().resources(DynaKube.class).inNamespace(E2eSandbox.NAMESPACE).withName(name);
    DynaKube stored = resource.get();
    DynaKube changed = resource.get();
    if (changed.getMetadata().getAnnotations() == null) {
      changed.getMetadata().setAnnotations(new HashMap<>());
    }
    change.accept(changed);
    AdmissionCaller.Result<DynaKube> admitted = s.admission().validateDynaKube(changed, stored);
    assertThat(admitted.allowed()).as(admitted.message()).isTrue();
    return s.client().resources(DynaKube.class).inNamespace(E2eSandbox.NAMESPACE).resource(changed).update();
  }

  private static String codeModulesKey(PushedIndex index) {
    return "sha256-" + index.image(PrivateRegistryScenarioIT.nodePlatform()).digest().substring("sha256:".length());
  }

  private static void awaitInstalled(E2eSandbox s, String dynaKube, String key) {
    E2eSandbox.await("the provisioner to link " + key + " for " + dynaKube, CustomerFlow.PATIENCE,
        () -> latest(s, dynaKube).equals(Optional.of(key)));
  }

  private static Optional<String> latest(E2eSandbox s, String dynaKube) {
    try {
      return s.csi().orElseThrow().cache().latest(dynaKube).map(m -> m.key());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every successful manifest or blob read under {@code path} was made as {@code user}, and there was one. */
  private static void assertReadsAs(E2eSandbox s, String path, String user) {
    List<AccessLogEntry> reads = s.registry().awaitAccessLog(e -> e.isManifest() && e.status() == 200 && e.uri().contains(path))
        .stream().filter(e -> (e.isManifest() || e.isBlob()) && e.status() == 200 && e.uri().contains(path)).toList();
    assertThat(reads).isNotEmpty().allSatisfy(e -> assertThat(e.user()).isEqualTo(user));
  }

  private static void awaitPullFailedEvent(E2eSandbox s, String dynaKube) {
    E2eSandbox.await("a " + CsiEventReasons.CODE_MODULES_PULL_FAILED + " event on " + dynaKube, CustomerFlow.PATIENCE,
        () -> !pullFailedEvents(s.client(), dynaKube).isEmpty());
  }

  private static List<Event> pullFailedEvents(KubernetesClient client, String dynaKube) {
    return client.v1().events().inNamespace(E2eSandbox.NAMESPACE).list().getItems().stream()
        .filter(e -> CsiEventReasons.CODE_MODULES_PULL_FAILED.equals(e.getReason())
            && dynaKube.equals(e.getInvolvedObject().getName())).toList();
  }

  /** The sum of a Prometheus counter's samples whose labels include {@code label="value"}, scraped from the provisioner. */
  private static double metric(E2eSandbox s, String name, String label, String value) throws Exception {
    Pattern sample = Pattern.compile("^" + name + "\\{([^}]*)\\} (\\S+)$", Pattern.MULTILINE);
    Matcher m = sample.matcher(s.provisionerMetrics());
    double sum = 0;
    while (m.find()) {
      if (m.group(1).contains(label + "=\"" + value + "\"")) {
        sum += Double.parseDouble(m.group(2));
      }
    }
    return sum;
  }

  private static List<TokenIssuer.TokenRequest> pullTokens(TokenIssuer tokens, String repository) {
    return tokens.requests().stream().filter(t -> t.scopes().stream()
        .anyMatch(scope -> scope.startsWith("repository:" + repository + ":"))).toList();
  }

  private static StatefulSet awaitStatefulSet(KubernetesClient client) {
    E2eSandbox.await("StatefulSet " + DK + "-activegate", CustomerFlow.PATIENCE,
        () -> client.apps().statefulSets().inNamespace(E2eSandbox.NAMESPACE).withName(DK + "-activegate").get() != null);
    return client.apps().statefulSets().inNamespace(E2eSandbox.NAMESPACE).withName(DK + "-activegate").get();
  }

  private static String replicaHash(KubernetesClient client) {
    Secret replica = client.secrets().inNamespace(APP_NAMESPACE).withName(ObjectNames.INJECTION_PULL_SECRET).get();
    return replica == null || replica.getMetadata().getAnnotations() == null ? ""
        : replica.getMetadata().getAnnotations().getOrDefault(Annotations.CONTENT_HASH, "");
  }

  /** The {@code auth} field of the secret's entry for {@code key}, "" when absent. */
  private static String dockerConfigAuth(Secret secret, String key) throws IOException {
    String json = new String(Base64.getDecoder().decode(secret.getData().get(SecretKeys.DOCKER_CONFIG_JSON)),
        StandardCharsets.UTF_8);
    return new ObjectMapper().readTree(json).path("auths").path(key).path("auth").asText("");
  }

  private static String basicAuth(RegistryUser user) {
    return Base64.getEncoder().encodeToString(user.colonForm().getBytes(StandardCharsets.UTF_8));
  }

  private static String randomPassword() {
    return UUID.randomUUID().toString().replace("-", "");
  }
}
