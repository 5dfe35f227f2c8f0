package com.astromkey.csi.provisioner;

import com.astromkey.csi.layout.CodeModuleCache;
import com.astromkey.csi.layout.DataLayout;
import com.astromkey.csi.mount.RecordingMounter;
import com.astromkey.sandbox.time.TestClock;
import com.astromkey.domain.dynakube.DynaKube;
import com.astromkey.domain.feature.SignatureMode;
import com.astromkey.domain.modules.ModulesConfig;
import com.astromkey.oci.Platform;
import com.astromkey.oci.extract.ExtractionLimits;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/** A provisioner against a (mock) API server with the recording mounter and a test clock, plus the checks tests share. */
final class ProvisionerHarness implements AutoCloseable {
  static final String NODE = "node-a";

  final KubernetesClient client;
  final TestClock clock;
  final RecordingMounter mounter = new RecordingMounter();
  final DataLayout layout;
  final CodeModuleCache cache;
  private final CsiProvisionerMain.Provisioner provisioner;

  private ProvisionerHarness(KubernetesClient client, Path dataDir, ProvisionerConfig config, TestClock clock,
      ExtractionLimits limits) throws Exception {
    this.client = client;
    this.clock = clock;
    this.layout = new DataLayout(dataDir);
    this.cache = new CodeModuleCache(layout, clock);
    this.provisioner = CsiProvisionerMain.Provisioner.start(config, client, mounter, clock, limits);
  }

  /** Installs the DynaKube CRD and the namespace once per API server. */
  static void prepareCluster(KubernetesClient client) throws IOException {
    try (InputStream crd = DynaKube.class.getResourceAsStream("/META-INF/fabric8/dynakubes.astromkey.com-v1.yml")) {
      client.resource(client.getKubernetesSerialization().unmarshal(crd, CustomResourceDefinition.class)).createOr(c -> c.update());
    }
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(DynaKubeFixtures.NAMESPACE).endMetadata()
        .build()).createOr(c -> c.update());
  }

  static ProvisionerHarness start(KubernetesClient client, Path dataDir, Duration digestRecheck, Optional<String> helmSecret)
      throws Exception {
    return start(client, dataDir, digestRecheck, helmSecret, 0, TestClock.atNow());
  }

  static ProvisionerHarness start(KubernetesClient client, Path dataDir, Duration digestRecheck, Optional<String> helmSecret,
      long cacheBudgetBytes, TestClock clock) throws Exception {
    return start(client, dataDir, digestRecheck, helmSecret, cacheBudgetBytes, clock, SignatureMode.OFF);
  }

  static ProvisionerHarness start(KubernetesClient client, Path dataDir, Duration digestRecheck, Optional<String> helmSecret,
      long cacheBudgetBytes, TestClock clock, SignatureMode signatureMode) throws Exception {
    return start(client, dataDir, digestRecheck, helmSecret, cacheBudgetBytes, clock, signatureMode, ExtractionLimits.DEFAULT);
  }

  /** {@code limits}: what {@code AK_EXTRACT_MAX_BYTES} sets in the container. */
  static ProvisionerHarness start(KubernetesClient client, Path dataDir, Duration digestRecheck, Optional<String> helmSecret,
      long cacheBudgetBytes, TestClock clock, SignatureMode signatureMode, ExtractionLimits limits) throws Exception {
    ProvisionerConfig config = new ProvisionerConfig(DynaKubeFixtures.NAMESPACE, NODE, dataDir, 0, 0, helmSecret,
        ModulesConfig.allInstalled(), Duration.ofMinutes(30), cacheBudgetBytes, digestRecheck, 2, Duration.ofSeconds(10),
        Duration.ofSeconds(30), Optional.of(Platform.LINUX_AMD64), "test", dataDir.resolveSibling("kubelet"), JobSettings.none(),
        signatureMode, "astromkey-signature-keys");
    return new ProvisionerHarness(client, dataDir, config, clock, limits);
  }

  /** Creates the DynaKube, then writes its status the way the operator does (status is a subresource). */
  DynaKube create(DynaKube dk) {
    DynaKube created = client.resources(DynaKube.class).inNamespace(DynaKubeFixtures.NAMESPACE).resource(dk).create();
    created.setStatus(dk.getStatus());
    return client.resources(DynaKube.class).inNamespace(DynaKubeFixtures.NAMESPACE).resource(created).updateStatus();
  }

  /** A label change is a new resource version: the informer enqueues the DynaKube at once. */
  void touch(String name) {
    client.resources(DynaKube.class).inNamespace(DynaKubeFixtures.NAMESPACE).withName(name)
        .edit(dk -> {
          if (dk.getMetadata().getLabels() == null) dk.getMetadata().setLabels(new java.util.HashMap<>());
          dk.getMetadata().getLabels().put("touched", String.valueOf(System.nanoTime()));
          return dk;
        });
  }

  List<Event> events(String dynakube) {
    return client.v1().events().inNamespace(DynaKubeFixtures.NAMESPACE).list().getItems().stream()
        .filter(e -> dynakube.equals(e.getInvolvedObject().getName())).toList();
  }

  Optional<String> latestKey(String dynakube) throws IOException {
    return cache.latest(dynakube).map(m -> m.key());
  }

  int metricsPort() {
    return provisioner.metricsPort();
  }

  int healthPort() {
    return provisioner.healthPort();
  }

  static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for " + what);
      Thread.sleep(100);
    }
  }

  @Override
  public void close() {
    provisioner.close();
  }
}
