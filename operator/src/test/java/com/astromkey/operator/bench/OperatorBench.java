package com.astromkey.operator.bench;

import com.astromkey.domain.dynakube.DynaKube;
import com.astromkey.domain.dynakube.spec.CloudNativeFullStackSpec;
import com.astromkey.domain.dynakube.status.DynaKubeStatus;
import com.astromkey.domain.names.SecretKeys;
import com.astromkey.operator.OperatorConfig;
import com.astromkey.operator.OperatorRuntime;
import com.astromkey.operator.metrics.OperatorMetrics;
import com.astromkey.operator.tenant.ClientTenantApiFactory;
import com.astromkey.operator.testing.Fixtures;
import com.astromkey.operator.testing.MockCluster;
import com.astromkey.sandbox.tenant.TenantSimState;
import com.astromkey.sandbox.tenant.TenantSimulator;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Bench (only under -Pbench): 50 DynaKubes reconciled to steady state against the mock API server and the tenant
 * simulator, in one JVM started with the chart's JAVA_TOOL_OPTIONS; prints time, API requests and RSS.
 */
public final class OperatorBench {
  private static final int DYNAKUBES = Integer.getInteger("bench.dynakubes", 50);
  /** Steady state: every DynaKube has its workloads up to date and the API has seen no write for this long. */
  private static final long QUIET_MS = 3000;

  private OperatorBench() {}

  public static void main(String[] args) throws Exception {
    KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
        new KubernetesCrudDispatcher(), false);
    server.init();
    KubernetesClient client = server.createClient();
    TenantSimulator sim = TenantSimulator.startHttps();
    MockCluster.install(client);
    MockCluster.configMap(client, "sim-ca", Map.of(SecretKeys.TRUSTED_CAS_CERTS, sim.caPem()));
    MockCluster.secret(client, "bench-tokens", "Opaque", Map.of(SecretKeys.API_TOKEN, TenantSimState.DEFAULT_API_TOKEN));
    String rssBaseline = memory();

    OperatorMetrics metrics = new OperatorMetrics();
    OperatorConfig config = Fixtures.config();
    OperatorRuntime operator = OperatorRuntime.start(client, config, new ClientTenantApiFactory(metrics), metrics,
        Clock.systemUTC(), false);
    Thread.sleep(2000);
    drain(server);
    String rssStarted = memory();

    long start = System.nanoTime();
    for (int i = 0; i < DYNAKUBES; i++) {
      client.resources(DynaKube.class).inNamespace(MockCluster.NAMESPACE).resource(dynaKube(sim, "bench-" + i)).create();
    }
    Map<String, Integer> requests = new TreeMap<>();
    long lastWrite = System.nanoTime();
    while (true) {
      for (RecordedRequest request : drain(server)) {
        String method = request.getMethod();
        requests.merge(method, 1, Integer::sum);
        if (!"GET".equals(method)) {
          lastWrite = System.nanoTime();
        }
      }
      if (System.nanoTime() - lastWrite > TimeUnit.MILLISECONDS.toNanos(QUIET_MS) && allUpToDate(client)) {
        break;
      }
      if (System.nanoTime() - start > TimeUnit.MINUTES.toNanos(10)) {
        throw new IllegalStateException("no steady state within 10 minutes");
      }
      Thread.sleep(100);
    }
    double seconds = (lastWrite - start) / 1e9;
    double reconciles = metrics.registry().find(OperatorMetrics.RECONCILE_TOTAL).counters().stream()
        .mapToDouble(c -> c.count()).sum();
    String rssReconciled = memory();

    // The bench's own polling (GET of every DynaKube every 100 ms) is part of the GET count; it is reported apart.
    String report = String.format("dynakubes=%d%nseconds_to_last_write=%.1f%nreconciles=%.0f%nrequests=%s%n"
        + "tenant_requests=%d%nmemory_before_operator=%s%nmemory_after_start=%s%nmemory_after_reconciles=%s%n"
        + "java_tool_options=%s%n", DYNAKUBES, seconds, reconciles, requests, sim.requests().size(), rssBaseline,
        rssStarted, rssReconciled, System.getenv("JAVA_TOOL_OPTIONS"));
    System.out.print(report);
    Path out = Path.of("target", "bench", "operator.txt");
    Files.createDirectories(out.getParent());
    Files.writeString(out, report);
    operator.close();
    sim.close();
    client.close();
    server.destroy();
  }

  private static DynaKube dynaKube(TenantSimulator sim, String name) {
    DynaKube dk = Fixtures.dynaKube("dynakube-cloudnative-private-registry");
    dk.getMetadata().setName(name);
    dk.getMetadata().setUid(null);
    dk.getSpec().setTokens("bench-tokens");
    dk.getSpec().setCustomPullSecret(null);
    dk.getSpec().setApiUrl(sim.apiUrl());
    dk.getSpec().setTrustedCAs("sim-ca");
    dk.getSpec().getActiveGate().setImage(null);
    CloudNativeFullStackSpec cloudNative = dk.getSpec().getOneAgent().cloudNative();
    cloudNative.setImage(null);
    cloudNative.setCodeModulesImage(null);
    // own node pool and namespaces per DynaKube, or validation (AKV-070, AKV-071) stops all but one
    cloudNative.setNodeSelector(Map.of("pool", name));
    cloudNative.setNamespaceSelector(new LabelSelectorBuilder().withMatchLabels(Map.of("team", name)).build());
    return dk;
  }

  private static boolean allUpToDate(KubernetesClient client) {
    var items = client.resources(DynaKube.class).inNamespace(MockCluster.NAMESPACE).list().getItems();
    return items.size() == DYNAKUBES && items.stream().allMatch(dk -> upToDate(dk.getStatus(), "OneAgentDaemonSet")
        && upToDate(dk.getStatus(), "ActiveGateStatefulSet"));
  }

  private static boolean upToDate(DynaKubeStatus status, String type) {
    return status != null && status.getConditions() != null && status.getConditions().stream()
        .anyMatch(c -> type.equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private static java.util.List<RecordedRequest> drain(KubernetesMockServer server) throws InterruptedException {
    java.util.List<RecordedRequest> requests = new java.util.ArrayList<>();
    RecordedRequest request;
    while ((request = server.takeRequest(1, TimeUnit.MILLISECONDS)) != null) {
      requests.add(request);
    }
    return requests;
  }

  /** VmRSS and VmHWM of this JVM, which also hosts the mock API server and the tenant simulator. */
  private static String memory() throws IOException {
    System.gc();
    String rss = "?";
    String hwm = "?";
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmRSS:")) {
        rss = line.substring(6).trim();
      } else if (line.startsWith("VmHWM:")) {
        hwm = line.substring(6).trim();
      }
    }
    Runtime rt = Runtime.getRuntime();
    return "rss=" + rss + " hwm=" + hwm + " heap_used=" + (rt.totalMemory() - rt.freeMemory()) / (1024 * 1024) + "MB";
  }
}
