package com.astromkey.e2e.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import com.astromkey.domain.dynakube.DynaKube;
import com.astromkey.domain.names.Annotations;
import com.astromkey.domain.names.BootstrapFlags;
import com.astromkey.domain.names.ObjectNames;
import com.astromkey.domain.names.SecretKeys;
import com.astromkey.e2e.harness.E2eSandboxExtension;
import com.astromkey.e2e.sandbox.AdmissionCaller;
import com.astromkey.e2e.sandbox.BootstrapRunner;
import com.astromkey.e2e.sandbox.CustomerFlow;
import com.astromkey.e2e.sandbox.E2eSandbox;
import com.astromkey.sandbox.tenant.SimRequest;
import com.astromkey.sandbox.tenant.SimToken;
import com.astromkey.sandbox.tenant.TenantSimState;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Section 1 of scenarios.md: code modules as a tenant zip on a cluster without the CSI driver. */
class ZipDeliveryScenarioIT {
  private static final String DK = "dynakube";
  private static final String APP_NAMESPACE = "shop";

  @RegisterExtension
  final E2eSandboxExtension sandbox = E2eSandboxExtension.withoutCsi();

  @Test
  void appmonitoring_no_csi_zip() throws Exception {
    E2eSandbox s = sandbox.get();
    KubernetesClient client = s.client();
    CustomerFlow flow = new CustomerFlow(s);
    DynaKube dk = s.dynaKube("dynakube-appmonitoring-no-csi-zip");

    // first without a paasToken: admitted with AKW-018, the apiToken is what the namespace replica carries
    s.tokensSecret(DK);
    AdmissionCaller.Result<DynaKube> admitted = flow.apply(dk);
    assertThat(admitted.allowed()).as(admitted.message()).isTrue();
    assertThat(admitted.warnings()).anySatisfy(w -> assertThat(w).startsWith("[AKW-018]"));
    String version = flow.awaitStatus(DK, st -> st.getCodeModules() != null && st.getCodeModules().getVersion() != null)
        .getCodeModules().getVersion();
    flow.createNamespace(APP_NAMESPACE);
    flow.awaitInjectionReady(APP_NAMESPACE);
    assertThat(zipToken(client)).isEqualTo(TenantSimState.DEFAULT_API_TOKEN);
    E2eSandbox.await("an ApiTokenReplicated event", CustomerFlow.PATIENCE, () -> client.v1().events()
        .inNamespace(E2eSandbox.NAMESPACE).list().getItems().stream()
        .anyMatch(e -> "ApiTokenReplicated".equals(e.getReason()) && DK.equals(e.getInvolvedObject().getName())));

    // the customer adds a paasToken (InstallerDownload only): the replica switches to it
    s.tenant().state().addToken(TenantSimState.DEFAULT_PAAS_TOKEN,
        new SimToken("paas", "paas", List.of(SimToken.INSTALLER_DOWNLOAD)));
    s.secret(E2eSandbox.NAMESPACE, DK, "Opaque", Map.of(SecretKeys.API_TOKEN, TenantSimState.DEFAULT_API_TOKEN,
        SecretKeys.PAAS_TOKEN, TenantSimState.DEFAULT_PAAS_TOKEN));
    E2eSandbox.await("akclient.config with the paasToken", CustomerFlow.PATIENCE,
        () -> TenantSimState.DEFAULT_PAAS_TOKEN.equals(zipToken(client)));

    Pod pod = flow.createPod(APP_NAMESPACE, "app-1", "docker.io/library/nginx:1.27").object();
    assertThat(pod.getMetadata().getAnnotations()).containsEntry(Annotations.ONEAGENT_INJECTED, "true")
        .containsEntry(Annotations.ONEAGENT_DELIVERY, "zip");
    Container init = pod.getSpec().getInitContainers().stream()
        .filter(c -> c.getName().equals(ObjectNames.INJECTION_INIT_CONTAINER)).findFirst().orElseThrow();
    assertThat(init.getImage()).isEqualTo(s.chart().operatorImage());
    assertThat(init.getArgs()).contains(BootstrapFlags.withValue(BootstrapFlags.URL, s.tenant().apiUrl()),
        BootstrapFlags.withValue(BootstrapFlags.VERSION, version));
    // the Helm pull secret covers the registry of the operator image, which is the init image here
    assertThat(pod.getSpec().getImagePullSecrets()).extracting(LocalObjectReference::getName)
        .contains(ObjectNames.INJECTION_PULL_SECRET);

    s.tenant().clearRequests();
    Path binDir = Files.createDirectories(s.tmp().resolve("pod-bin"));
    BootstrapRunner.Run run = s.bootstrap().run(pod, binDir, Duration.ofSeconds(60));
    assertThat(run.exit()).as(run.out() + run.err()).isZero();
    // the tenant zip's content (its library names the version), not an image's
    assertThat(binDir.resolve("agent/lib64/liboneagentproc.so")).content().contains(version);
    assertThat(run.configDir().resolve(".astromkey/ld.so.preload")).content().contains("liboneagentproc.so");
    assertThat(Files.readString(run.terminationLog())).contains("\"result\":\"ok\"", "\"delivery\":\"zip\"");
    List<SimRequest> downloads = s.tenant().requests(".*/deployment/installer/agent/unix/paas/version/.*");
    assertThat(downloads).singleElement().satisfies(r -> {
      assertThat(r.path()).endsWith("/version/" + version);
      assertThat(r.tokenKind()).isEqualTo("paas");
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.queryValue("bitness")).isEqualTo("64");
      assertThat(r.queryValue("skipMetadata")).isEqualTo("true");
      assertThat(r.queryValue("include")).isEqualTo("all");
      assertThat(r.queryValue("arch")).isIn("x86", "arm");
      assertThat(r.queryValue("flavor")).isNotBlank();
    });
  }

  /** The token in the replicated {@code akclient.config} of the app namespace. */
  private static String zipToken(KubernetesClient client) {
    Secret replica = client.secrets().inNamespace(APP_NAMESPACE).withName(ObjectNames.BOOTSTRAPPER_CONFIG_SECRET).get();
    if (replica == null || replica.getData() == null || replica.getData().get(SecretKeys.AKCLIENT_CONFIG) == null) {
      return null;
    }
    try {
      return new ObjectMapper().readTree(Base64.getDecoder().decode(replica.getData().get(SecretKeys.AKCLIENT_CONFIG)))
          .path("token").asText(null);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
