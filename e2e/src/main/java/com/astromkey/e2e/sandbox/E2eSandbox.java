package com.astromkey.e2e.sandbox;

import com.astromkey.csi.layout.CodeModuleCache;
import com.astromkey.csi.layout.DataLayout;
import com.astromkey.csi.mount.Mounter;
import com.astromkey.csi.node.KubernetesPodEvents;
import com.astromkey.csi.provisioner.CsiProvisionerMain;
import com.astromkey.csi.provisioner.ProvisionerConfig;
import com.astromkey.csi.server.CsiServer;
import com.astromkey.csi.server.CsiServerConfig;
import com.astromkey.domain.dynakube.DynaKube;
import com.astromkey.domain.names.EnvVars;
import com.astromkey.domain.names.ObjectNames;
import com.astromkey.domain.names.SecretKeys;
import com.astromkey.e2e.kubelet.KubeletStandIn;
import com.astromkey.oci.extract.ExtractionLimits;
import com.astromkey.operator.OperatorConfig;
import com.astromkey.operator.OperatorRuntime;
import com.astromkey.operator.metrics.OperatorMetrics;
import com.astromkey.operator.tenant.ClientTenantApiFactory;
import com.astromkey.sandbox.registry.LocalRegistry;
import com.astromkey.sandbox.registry.RegistryUser;
import com.astromkey.sandbox.tenant.TenantSimState;
import com.astromkey.sandbox.tenant.TenantSimulator;
import com.astromkey.webhook.WebhookApplication;
import com.astromkey.webhook.config.WebhookConfig;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The whole product on loopback (README §7): fabric8 mock API server in CRUD mode with the CRD, tenant simulator, the real
 * {@code docker-registry} with TLS and htpasswd, the chart's objects, and our operator, webhook, CSI server and provisioner
 * in-process. Each {@code start…} method is one stage so that the demo can time them; {@link #close()} stops what was
 * started, newest first, and deletes the temp directory.
 */
public final class E2eSandbox implements AutoCloseable {
  public static final String NAMESPACE = ObjectNames.DEFAULT_OPERATOR_NAMESPACE;
  public static final String NODE = "node-1";
  public static final String CUSTOM_PULL_SECRET = "my-registry-secret";
  public static final String TRUSTED_CAS = "sandbox-trusted-cas";
  public static final String REPOSITORY_PREFIX = "astromkey";
  public static final String OPERATOR_TAG = "v1.0.0";
  private static final String CRD = "/META-INF/fabric8/dynakubes.astromkey.com-v1.yml";

  private final Path tmp;
  private final Deque<AutoCloseable> started = new ArrayDeque<>();
  private final RegistryUser pusher = RegistryUser.pushPull("ci-pusher", randomPassword());
  private final RegistryUser customer = RegistryUser.pushPull("my-company-puller", randomPassword());
  private final List<String> warnings = new ArrayList<>();
  private KubernetesMockServer apiServer;
  private KubernetesClient client;
  private TenantSimulator tenant;
  private LocalRegistry registry;
  private SandboxImages images;
  private ChartInstall chart;
  private OperatorRuntime operator;
  private WebhookApplication webhook;
  private AdmissionCaller admission;
  private CsiNode csi;
  private CsiProvisionerMain.Provisioner provisioner;
  private Clock clock = Clock.systemUTC();
  private Clock csiClock = Clock.systemUTC();
  private NodeSettings nodeSettings = NodeSettings.DEFAULT;
  private boolean closed;
  private boolean tenantTls = true;
  private RegistryUser[] tokenAuthUsers;
  private final Map<String, String> provisionerEnv = new HashMap<>();
  private String renderedChart;
  private AtomicReference<AdmissionCaller> apiServerAdmission;

  /**
   * What a scenario changes on the CSI node: env added to the provisioner container's (e.g. {@code AK_PLATFORM},
   * {@code AK_EXTRACT_MAX_BYTES}) and the labels of the Node object the provisioner reads its platform from (none: no Node).
   */
  public record NodeSettings(Map<String, String> provisionerEnv, Map<String, String> nodeLabels) {
    public static final NodeSettings DEFAULT = new NodeSettings(Map.of(), Map.of());
  }

  private E2eSandbox(Path tmp) {
    this.tmp = tmp;
  }

  /** A sandbox with its own temp directory; nothing runs yet. */
  public static E2eSandbox create() throws IOException {
    return new E2eSandbox(Files.createTempDirectory("astromkey-e2e-"));
  }

  /** Everything a private-registry scenario needs, in the order of the demo. */
  public static E2eSandbox startAll(boolean csi) throws Exception {
    return startAll(csi, true);
  }

  /** {@code helmPullSecret=false}: chart without {@code customPullSecret} and no {@code my-registry-secret} in the cluster. */
  public static E2eSandbox startAll(boolean csi, boolean helmPullSecret) throws Exception {
    return startAll(csi, helmPullSecret, s -> { });
  }

  /** {@code options} runs before the first stage, for the option setters ({@link #plainHttpTenant()} and the like). */
  public static E2eSandbox startAll(boolean csi, boolean helmPullSecret, Consumer<E2eSandbox> options) throws Exception {
    E2eSandbox sandbox = create();
    try {
      options.accept(sandbox);
      sandbox.startInfrastructure();
      sandbox.pushImages();
      sandbox.installChart(csi, helmPullSecret);
      sandbox.startComponents();
      return sandbox;
    } catch (Exception | Error e) {
      sandbox.close();
      throw e;
    }
  }

  /** Mock API server with the CRD and the two namespaces a cluster has, tenant simulator, private registry. */
  public void startInfrastructure() throws IOException {
    apiServer = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
        apiServerAdmission != null ? new ApiServerAdmission(apiServerAdmission) : new KubernetesCrudDispatcher(List.of()), false);
    apiServer.init(InetAddress.getLoopbackAddress(), 0);
    started.push(apiServer::destroy);
    client = apiServer.createClient();
    started.push(client::close);
    try (InputStream crd = DynaKube.class.getResourceAsStream(CRD)) {
      client.resource(client.getKubernetesSerialization().unmarshal(crd, CustomResourceDefinition.class)).create();
    }
    for (String namespace : List.of(NAMESPACE, ObjectNames.KUBE_SYSTEM_NAMESPACE)) {
      client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build()).create();
    }
    tenant = tenantTls ? TenantSimulator.startHttps() : TenantSimulator.startHttp();
    started.push(tenant);
    registry = tokenAuthUsers == null ? LocalRegistry.builder().basicAuth(pusher, customer).tls().start()
        : LocalRegistry.builder().tokenAuth(tokenAuthUsers).tls().start();
    started.push(registry);
  }

  /** The four test images under {@code <registry>/astromkey/…}, multi-platform, pushed as the CI user. */
  public SandboxImages pushImages() {
    images = SandboxImages.push(registry, REPOSITORY_PREFIX, OPERATOR_TAG);
    return images;
  }

  /** Instead of {@link #pushImages()}: the images reached the private registry another way (mirrored, same digests). */
  public void useImages(SandboxImages mirrored) {
    images = mirrored;
  }

  /**
   * {@code astromkey}: {@code my-registry-secret} (the customer's registry user), a ConfigMap with the sandbox CAs (the
   * customer's {@code trustedCAs}), then the chart objects rendered with the page's Helm values.
   */
  public void installChart(boolean csiDriver) throws IOException {
    installChart(csiDriver, true);
  }

  public void installChart(boolean csiDriver, boolean helmPullSecret) throws IOException {
    if (helmPullSecret) {
      createCustomPullSecret();
    }
    client.configMaps().inNamespace(NAMESPACE).resource(new ConfigMapBuilder().withNewMetadata().withName(TRUSTED_CAS)
        .endMetadata().withData(Map.of(SecretKeys.TRUSTED_CAS_CERTS,
            Files.readString(registry.caPem()) + (tenantTls ? "\n" + tenant.caPem() : ""))).build()).create();
    chart = renderedChart != null ? ChartInstall.rendered(client, renderedChart, helmPullSecret ? CUSTOM_PULL_SECRET : null)
        : ChartInstall.render(client, csiDriver, registry.host() + "/" + REPOSITORY_PREFIX + "/astromkey-operator",
            OPERATOR_TAG, helmPullSecret ? CUSTOM_PULL_SECRET : null);
    chart.install(client);
  }

  /** {@code my-registry-secret}: a dockerconfigjson Secret with the customer's registry user. */
  public void createCustomPullSecret() {
    secret(NAMESPACE, CUSTOM_PULL_SECRET, SecretKeys.TYPE_DOCKER_CONFIG_JSON,
        Map.of(SecretKeys.DOCKER_CONFIG_JSON, registry.dockerConfigJson(customer)));
  }

  /** Operator, webhook and (with CSI) the CSI server and provisioner, configured from the chart's container env. */
  public void startComponents() throws Exception {
    startOperator();
    startWebhook();
    if (csiInstalled()) {
      startCsi();
    }
  }

  public void startOperator() {
    OperatorConfig config = operatorConfig(Map.of());
    OperatorMetrics metrics = new OperatorMetrics();
    operator = OperatorRuntime.start(client, config, new ClientTenantApiFactory(metrics), metrics, clock, false);
    started.push(operator);
  }

  /** The operator's configuration from the chart's container env, with {@code overrides} (e.g. a shorter client timeout). */
  public OperatorConfig operatorConfig(Map<String, String> overrides) {
    Map<String, String> env = chart.environment("Deployment", ObjectNames.OPERATOR_DEPLOYMENT, ObjectNames.OPERATOR_CONTAINER,
        "astromkey-operator-0", NODE);
    env.put(EnvVars.AK_OPERATOR_VERSION, "1.0.0");
    env.putAll(overrides);
    return OperatorConfig.fromEnv(env, warnings);
  }

  /**
   * Stops the running operator (webhook, CSI and the issued certificates stay): scenarios that drive the reconciler
   * themselves, or that need the operator not to repair what they break, run without it.
   */
  public void stopOperator() {
    if (operator != null && started.remove(operator)) {
      operator.close();
    }
  }

  /** The webhook gets its serving certificate the way the chart intends: from the Secret the operator issues. */
  public void startWebhook() throws Exception {
    webhook = launchWebhook("astromkey-webhook-0", Map.of());
    admission = AdmissionCaller.fromWebhookConfiguration(client, webhook.webhookPort());
    if (apiServerAdmission != null) {
      apiServerAdmission.set(admission);
    }
  }

  /**
   * A further webhook replica whose container env differs by {@code overrides} (e.g. another {@code AK_MODULES_JSON}),
   * serving the same operator-issued certificate; stopped with the sandbox.
   */
  public AdmissionCaller startWebhookReplica(String podName, Map<String, String> overrides) throws Exception {
    return AdmissionCaller.fromWebhookConfiguration(client, launchWebhook(podName, overrides).webhookPort());
  }

  /** A new API-server side that trusts only the {@code caBundle} patched into the configuration now (after a CA change). */
  public AdmissionCaller newAdmissionCaller() throws GeneralSecurityException {
    return AdmissionCaller.fromWebhookConfiguration(client, webhook.webhookPort());
  }

  private WebhookApplication launchWebhook(String podName, Map<String, String> overrides) throws Exception {
    Map<String, String> env = chart.environment("Deployment", ObjectNames.WEBHOOK_DEPLOYMENT, ObjectNames.WEBHOOK_CONTAINER,
        podName, NODE);
    env.put(EnvVars.AK_WEBHOOK_PORT, "0");
    env.put(EnvVars.AK_HEALTH_PORT, "0");
    env.put(EnvVars.AK_METRICS_PORT, "0");
    env.putAll(overrides);
    Path certs = Files.createDirectories(tmp.resolve("webhook-certs").resolve(podName));
    WebhookConfig parsed = WebhookConfig.from(new String[] {WebhookConfig.CERTS_DIR_FLAG + "=" + certs}, env);
    // loopback only, and a short file poll so that the operator-issued certificate is picked up within the stage
    WebhookConfig config = WebhookConfig.builder().certsDir(parsed.certsDir()).bindAddress("127.0.0.1")
        .webhookPort(parsed.webhookPort()).healthPort(parsed.healthPort()).metricsPort(parsed.metricsPort())
        .timeoutSeconds(parsed.timeoutSeconds()).podNamespace(parsed.podNamespace()).operatorImage(parsed.operatorImage())
        .operatorImagePullPolicy(parsed.operatorImagePullPolicy()).operatorPullSecret(parsed.operatorPullSecret())
        .modules(parsed.modules()).operatorVersion(parsed.operatorVersion()).signatureMode(parsed.signatureMode())
        .certificateFilePoll(Duration.ofMillis(200)).build();
    WebhookApplication replica = WebhookApplication.start(config, client, Clock.systemUTC());
    started.push(replica);
    await("the webhook serving the operator-issued certificate", Duration.ofSeconds(60), replica::ready);
    return replica;
  }

  /** CSI server on a real Unix socket and the provisioner, sharing the data directory as the DaemonSet's containers do. */
  public void startCsi() throws Exception {
    startCsi(csiClock, Map.of());
  }

  /**
   * As {@link #startCsi()} with the CSI parts on {@code csiClock} (a test clock moves GC age and periods) and {@code extraEnv}
   * over the chart's provisioner env and the {@link #provisionerEnv} options (e.g. {@code AK_CSI_CACHE_BUDGET}).
   */
  public void startCsi(Clock csiClock, Map<String, String> extraEnv) throws Exception {
    Map<String, String> env = provisionerEnvironment();
    Path dataDir = Files.createDirectories(tmp.resolve("csi-data"));
    env.put(EnvVars.AK_CSI_DATA_DIR, dataDir.toString());
    env.putAll(provisionerEnv);
    env.putAll(nodeSettings.provisionerEnv());
    env.putAll(extraEnv);
    if (!nodeSettings.nodeLabels().isEmpty()) {
      client.nodes().resource(new NodeBuilder().withNewMetadata().withName(NODE).withLabels(nodeSettings.nodeLabels())
          .endMetadata().build()).create();
    }
    // the sandbox's two-core machines are amd64 or arm64; the node platform picks the code-modules manifest
    ProvisionerConfig config = ProvisionerConfig.from(new String[] {"--health-port=0", "--metrics-port=0"}, env);
    Mounter mounter = Mounters.forThisProcess(tmp);
    Path kubeletDir = Files.createDirectories(tmp.resolve("kubelet"));
    Path socket = Files.createDirectories(tmp.resolve("csi")).resolve("csi.sock");
    provisioner = CsiProvisionerMain.Provisioner.start(config, client, mounter, csiClock,
        ExtractionLimits.fromEnvironment(env));
    started.push(provisioner);
    CodeModuleCache cache = new CodeModuleCache(new DataLayout(dataDir), csiClock);
    // pod events through the API as csi-server sends them, so that scenarios see CodeModulesUnavailable
    KubernetesPodEvents podEvents = new KubernetesPodEvents(client, csiClock);
    started.push(podEvents);
    CsiServer server = CsiServer.start(new CsiServerConfig(socket, NODE, kubeletDir, dataDir, 20, 0),
        new CsiServer.Parts(mounter, cache, podEvents, csiClock, new SimpleMeterRegistry(), d -> { }));
    started.push(server);
    csi = new CsiNode(socket, kubeletDir, dataDir, cache, mounter);
    started.push(csi);
  }

  /** Option (before the first stage): what the operator reads for certificate validity and tenant caches (a test clock). */
  public E2eSandbox operatorClock(Clock operatorClock) {
    clock = operatorClock;
    return this;
  }

  /** Option (before {@link #startCsi()}): the CSI server's and provisioner's clock (cache ages, digest re-checks, GC). */
  public E2eSandbox csiClock(Clock clock) {
    csiClock = clock;
    return this;
  }

  /** Option (before {@link #startCsi()}): provisioner env and Node labels of the CSI node. */
  public E2eSandbox node(NodeSettings settings) {
    nodeSettings = settings;
    return this;
  }

  /** Option (before the first stage): the tenant simulator serves plain HTTP, so tenant trust never needs {@code trustedCAs}. */
  public E2eSandbox plainHttpTenant() {
    tenantTls = false;
    return this;
  }

  /** Option (before the first stage): the registry uses token (Bearer) auth for the CI user, the customer and {@code more}. */
  public E2eSandbox tokenAuthRegistry(RegistryUser... more) {
    List<RegistryUser> users = new ArrayList<>(List.of(pusher, customer));
    users.addAll(List.of(more));
    tokenAuthUsers = users.toArray(RegistryUser[]::new);
    return this;
  }

  /** Option (before {@link #startCsi()}): an extra provisioner environment variable, e.g. the dev time scale. */
  public E2eSandbox provisionerEnv(String name, String value) {
    provisionerEnv.put(name, value);
    return this;
  }

  /**
   * Option (before {@link #installChart}): install this {@code helm template} output instead of the plain manifest edited
   * with the page's values; the components then run with the env helm rendered (the {@code csiDriver} argument is ignored).
   */
  public E2eSandbox renderedChart(String renderedYaml) {
    renderedChart = renderedYaml;
    return this;
  }

  /**
   * Option (before the first stage): the API server itself sends pod and namespace creates through the mutating webhook and
   * DynaKube creates through the validating one, as a real cluster does, for clients that only hold a kubeconfig. Scenario
   * code keeps using {@link CustomerFlow}, which already calls the webhook, so leave this off there.
   */
  public E2eSandbox admissionInApiServer() {
    apiServerAdmission = new AtomicReference<>();
    return this;
  }

  /** The API server's URL, for a kubeconfig. */
  public String apiServerUrl() {
    return client.getMasterUrl().toString();
  }

  /** The provisioner's Prometheus text from its metrics endpoint, as a scraper sees it. */
  public String provisionerMetrics() throws IOException, InterruptedException {
    HttpRequest scrape = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + provisioner.metricsPort() + "/metrics"))
        .timeout(Duration.ofSeconds(10)).build();
    return HttpClient.newHttpClient().send(scrape, HttpResponse.BodyHandlers.ofString()).body();
  }

  /** The chart's env of a CSI DaemonSet container (downward-API fields resolved for this node). */
  public Map<String, String> csiEnvironment(String container) {
    return chart.environment("DaemonSet", ObjectNames.CSI_DAEMONSET, container, "astromkey-csi-driver-abcde", NODE);
  }

  private Map<String, String> provisionerEnvironment() {
    return csiEnvironment(ObjectNames.CSI_PROVISIONER_CONTAINER);
  }

  /** A mode of this build as a child JVM through the launcher, talking to this sandbox's API server; stopped on close. */
  public LauncherProcess launch(String mode, List<String> args, Map<String, String> env) throws IOException {
    LauncherProcess process = LauncherProcess.start(mode, args, env, client.getMasterUrl().toString(), NAMESPACE, tmp);
    started.push(process);
    return process;
  }

  /** The tokens Secret a customer creates next to the DynaKube (named after it). */
  public void tokensSecret(String dynaKube) {
    secret(NAMESPACE, dynaKube, "Opaque", Map.of(SecretKeys.API_TOKEN, TenantSimState.DEFAULT_API_TOKEN));
  }

  public void secret(String namespace, String name, String type, Map<String, String> plain) {
    Map<String, String> data = new HashMap<>();
    plain.forEach((k, v) -> data.put(k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
    client.secrets().inNamespace(namespace).resource(new SecretBuilder().withNewMetadata().withName(name).endMetadata()
        .withType(type).withData(data).build()).createOr(c -> c.update());
  }

  /** A fixture DynaKube with the page's placeholders replaced by the sandbox's registry, tenant and CA ConfigMap. */
  public DynaKube dynaKube(String fixture) {
    return Fixtures.dynaKube(fixture, Map.of(
        "registry.my-company.com", registry.host(),
        "https://abc12345.live.astromkey.com/api", tenant.apiUrl()), TRUSTED_CAS);
  }

  public KubeletStandIn kubelet() {
    return new KubeletStandIn(client, registry.caPem());
  }

  public BootstrapRunner bootstrap() {
    return new BootstrapRunner(client, tmp.resolve("pods"));
  }

  public KubernetesClient client() {
    return client;
  }

  public TenantSimulator tenant() {
    return tenant;
  }

  public LocalRegistry registry() {
    return registry;
  }

  public RegistryUser customer() {
    return customer;
  }

  public RegistryUser pusher() {
    return pusher;
  }

  public SandboxImages images() {
    return images;
  }

  public ChartInstall chart() {
    return chart;
  }

  public AdmissionCaller admission() {
    return admission;
  }

  public Optional<CsiNode> csi() {
    return Optional.ofNullable(csi);
  }

  public boolean csiInstalled() {
    return chart.objects().stream().anyMatch(o -> "CSIDriver".equals(o.getKind()));
  }

  public Path tmp() {
    return tmp;
  }

  /** Configuration warnings the components reported at start (none expected with the chart's values). */
  public List<String> warnings() {
    return List.copyOf(warnings);
  }

  /** Polls every 100 ms; the message names what never happened. */
  public static void await(String what, Duration timeout, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + timeout.toSeconds() + "s waiting for " + what);
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for " + what, e);
      }
    }
  }

  /** Stops everything newest first; one failing stop does not keep the others (or the temp dir removal) from running. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    while (!started.isEmpty()) {
      try {
        started.pop().close();
      } catch (Exception | LinkageError e) {
        // keep stopping the rest: a part that fails to stop must not leave the registry process or the temp dir behind
        System.err.println("stopping a sandbox part failed: " + e);
      }
    }
    try {
      Mounters.unmountAllBelow(tmp);
      TempDirs.delete(tmp);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String randomPassword() {
    byte[] bytes = new byte[12];
    new SecureRandom().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }
}
