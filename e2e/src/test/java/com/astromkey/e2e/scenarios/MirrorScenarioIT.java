package com.astromkey.e2e.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import com.astromkey.domain.dynakube.DynaKube;
import com.astromkey.domain.dynakube.status.DynaKubeStatus;
import com.astromkey.domain.feature.FeatureFlag;
import com.astromkey.domain.image.ImageReference;
import com.astromkey.domain.names.ObjectNames;
import com.astromkey.domain.names.ReleaseArtifacts;
import com.astromkey.domain.names.SecretKeys;
import com.astromkey.e2e.sandbox.CustomerFlow;
import com.astromkey.e2e.sandbox.E2eSandbox;
import com.astromkey.e2e.sandbox.RepositoryRoot;
import com.astromkey.e2e.sandbox.SandboxImages;
import com.astromkey.oci.Digest;
import com.astromkey.oci.RegistryClient;
import com.astromkey.oci.cli.MirrorMain;
import com.astromkey.oci.cli.VerifyMain;
import com.astromkey.oci.keychain.Keychain;
import com.astromkey.oci.manifest.Descriptor;
import com.astromkey.oci.manifest.Manifest;
import com.astromkey.oci.mirror.ReleaseSet;
import com.astromkey.oci.transport.TrustConfig;
import com.astromkey.oci.verify.ReferrerLookup;
import com.astromkey.sandbox.images.ImageFactory;
import com.astromkey.sandbox.images.LayerBuilder;
import com.astromkey.sandbox.images.Manifests;
import com.astromkey.sandbox.images.MediaTypes;
import com.astromkey.sandbox.images.PushedIndex;
import com.astromkey.sandbox.images.Signatures;
import com.astromkey.sandbox.images.SigningKey;
import com.astromkey.sandbox.registry.LocalRegistry;
import com.astromkey.sandbox.registry.RegistryUser;
import com.astromkey.sandbox.registry.RequiresDockerRegistry;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Section 5 of scenarios.md, the mirror half: a release mirrored from a publisher's registry, then deployed from the copy. */
@RequiresDockerRegistry
class MirrorScenarioIT {
  private static final String RELEASE = E2eSandbox.OPERATOR_TAG.substring(1);
  private static final String DK = "dynakube";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  @Test
  void mirror_then_deploy_from_mirror() throws Exception {
    RegistryUser publisher = RegistryUser.pushPull("publisher", password());
    SigningKey releaseKey = SigningKey.generate("release");
    releaseKey.writePublicKeyPem(dir.resolve("release.pub"));
    try (E2eSandbox s = E2eSandbox.create();
        LocalRegistry a = LocalRegistry.builder().tokenAuth(publisher).tls().start()) {
      s.startInfrastructure();
      LocalRegistry b = s.registry();
      Release release = publishRelease(a, releaseKey);
      Map<String, String> published = release.digests();
      List<String> args = List.of("--release", RELEASE, "--src-prefix", a.host() + "/" + E2eSandbox.REPOSITORY_PREFIX,
          "--dst", b.host() + "/" + E2eSandbox.REPOSITORY_PREFIX, "--src-creds", dockerConfig(a, publisher, "a.json"),
          "--dst-creds", dockerConfig(b, s.pusher(), "b.json"), "--ca-file", a.caPem().toString(), "--ca-file",
          b.caPem().toString(), "--verify-key", dir.resolve("release.pub").toString());

      Run first = mirror(args);

      assertThat(first.code).as(first.err).isEqualTo(MirrorMain.OK);
      List<JsonNode> reports = first.reports();
      assertThat(reports).extracting(r -> r.path("digest").asText()).containsExactlyElementsOf(published.values());
      RegistryClient client = client(b, s.pusher(), "b.json");
      int i = 0;
      for (Map.Entry<String, String> artefact : published.entrySet()) {
        JsonNode report = reports.get(i++);
        ImageReference copy = ImageReference.parse(b.host() + "/" + E2eSandbox.REPOSITORY_PREFIX + "/" + artefact.getKey());
        assertThat(report.path("destination").asText()).isEqualTo(copy.canonical() + "@" + artefact.getValue());
        assertThat(report.path("verified").asBoolean()).isTrue();
        assertThat(report.path("signatureTags")).extracting(JsonNode::asText)
            .containsExactly(Signatures.legacyTag(artefact.getValue()));
        assertThat(client.headDigest(copy)).contains(Digest.parse(artefact.getValue()));
        assertThat(client.headDigest(copy.withTag(Signatures.legacyTag(artefact.getValue())))).isPresent();
        Digest subject = Digest.parse(artefact.getValue());
        assertThat(ReferrerLookup.list(client.session(copy, Set.of()), subject, MediaTypes.SIGSTORE_BUNDLE, 10))
            .as("bundle referrer of %s in B", copy).hasSize(1);
        assertThat(report.path("referrers").asInt()).isEqualTo(1);
      }
      for (PushedIndex index : release.images().all()) {
        ImageReference copy = ImageReference.parse(b.host() + "/" + E2eSandbox.REPOSITORY_PREFIX + "/"
            + index.repository().substring(index.repository().indexOf('/') + 1) + "@" + index.digest());
        Manifest manifest = client.manifest(copy);
        assertThat(manifest.manifests()).extracting(Descriptor::architecture).contains("amd64", "arm64");
        for (Descriptor child : manifest.manifests()) {
          assertThat(client.headDigest(copy.withDigest(child.digest().toString()))).isPresent();
        }
        assertSkopeoSeesBothPlatforms(b, s.pusher(), copy);
      }
      assertThat(ReleaseSet.agentVersion(client, ReleaseSet.chart(RELEASE, b.host() + "/" + E2eSandbox.REPOSITORY_PREFIX)))
          .as("the chart pulled from B").isEqualTo(SandboxImages.VERSION);
      for (String artefact : published.keySet()) {
        Run verify = verify(List.of("--image", b.host() + "/" + E2eSandbox.REPOSITORY_PREFIX + "/" + artefact, "--key",
            dir.resolve("release.pub").toString(), "--creds", dockerConfig(b, s.customer(), "customer.json"), "--ca-file",
            b.caPem().toString()));
        assertThat(verify.code).as(verify.out + verify.err).isEqualTo(VerifyMain.VERIFIED);
      }

      Run second = mirror(args);

      assertThat(second.code).as(second.err).isEqualTo(MirrorMain.OK);
      assertThat(second.reports()).hasSize(published.size())
          .allSatisfy(r -> assertThat(r.path("blobs").path("uploaded").asInt()).isZero());

      s.useImages(release.images());
      s.installChart(true);
      s.startComponents();
      a.clearAccessLog();
      s.tenant().clearRequests();
      b.clearAccessLog();
      CustomerFlow flow = new CustomerFlow(s);
      DynaKube dk = s.dynaKube("dynakube-cloudnative-private-registry");
      // issue #8: deploying from the mirror works with verification enforced against the publisher's original key
      s.client().configMaps().inNamespace(E2eSandbox.NAMESPACE).resource(new ConfigMapBuilder().withNewMetadata()
          .withName(ObjectNames.SIGNATURE_KEYS_CONFIGMAP).endMetadata()
          .withData(Map.of(SecretKeys.signatureKey(0), releaseKey.publicKeyPem())).build()).createOr(c -> c.update());
      Map<String, String> annotations = new LinkedHashMap<>();
      if (dk.getMetadata().getAnnotations() != null) {
        annotations.putAll(dk.getMetadata().getAnnotations());
      }
      annotations.put(FeatureFlag.SIGNATURE_VERIFICATION.key(), "enforce");
      dk.getMetadata().setAnnotations(annotations);

      PrivateRegistryScenarioIT.assertCloudNativeDeployed(s, flow, dk, List.of("[AKW-003]"));
      PrivateRegistryScenarioIT.assertCodeModulesDelivered(s, flow);
      DynaKubeStatus verified = flow.awaitStatus(DK, st -> st.getCodeModules() != null
          && st.getCodeModules().getVerification() != null && "Verified".equals(st.getCodeModules().getVerification().getState()));
      assertThat(verified.getCodeModules().getVerification().getDigest()).isEqualTo(release.images().codeModules().digest());

      assertThat(s.chart().operatorImage()).startsWith(b.host() + "/");
      assertThat(a.accessLog()).as("registry A after the mirror").isEmpty();
      assertThat(b.accessLog()).isNotEmpty();
      assertThat(first.out + first.err + second.out + second.err).doesNotContain(publisher.password())
          .doesNotContain(s.pusher().password());
    }
  }

  @Test
  void mirror_within_registry() throws Exception {
    RegistryUser publisher = RegistryUser.pushPull("publisher", password());
    try (LocalRegistry registry = LocalRegistry.builder().tokenAuth(publisher).tls().start()) {
      SandboxImages images = SandboxImages.push(registry, E2eSandbox.REPOSITORY_PREFIX, E2eSandbox.OPERATOR_TAG);
      PushedIndex codeModules = images.codeModules();
      registry.clearAccessLog();

      Run run = mirror(List.of("--src", codeModules.reference(), "--dst", registry.host() + "/copy/astromkey-codemodules",
          "--creds", dockerConfig(registry, publisher, "config.json"), "--ca-file", registry.caPem().toString()));

      assertThat(run.code).as(run.err).isEqualTo(MirrorMain.OK);
      JsonNode report = run.reports().get(0);
      assertThat(report.path("digest").asText()).isEqualTo(codeModules.digest());
      assertThat(report.path("blobs").path("mounted").asInt()).isPositive();
      assertThat(report.path("blobs").path("uploaded").asInt()).isZero();
      assertThat(report.path("blobs").path("bytes").asLong()).isZero();
      assertThat(registry.accessLog()).filteredOn(e -> e.method().equals("POST") && e.uri().contains("/copy/"))
          .isNotEmpty().allSatisfy(e -> assertThat(e.uri()).contains("mount=").contains("from="));
      assertThat(registry.accessLog()).noneMatch(e -> e.method().equals("PUT") && e.uri().contains("/blobs/uploads/"));
    }
  }

  /** What the publisher pushed: the four images and, per artefact in mirror order, its digest. */
  private record Release(SandboxImages images, Map<String, String> digests) {
  }

  /** The four images (signed: legacy tag and bundle referrer) and the chart on A. */
  private static Release publishRelease(LocalRegistry a, SigningKey key) throws Exception {
    ImageFactory factory = new ImageFactory(a);
    String prefix = E2eSandbox.REPOSITORY_PREFIX;
    SandboxImages images = SandboxImages.push(a, prefix, E2eSandbox.OPERATOR_TAG);
    Map<String, String> published = new LinkedHashMap<>();
    Path chartYaml = RepositoryRoot.find().resolve("packaging/src/main/helm/astromkey-operator/Chart.yaml");
    byte[] config = JSON.writeValueAsBytes(new ObjectMapper(new YAMLFactory()).readTree(chartYaml.toFile()));
    String chartRepo = prefix + "/" + ReleaseArtifacts.CHART;
    com.astromkey.sandbox.images.Descriptor configBlob = factory.raw().pushBlob(chartRepo, MediaTypes.HELM_CONFIG, config);
    com.astromkey.sandbox.images.Descriptor content = factory.raw().pushBlob(chartRepo, MediaTypes.HELM_CHART,
        LayerBuilder.create().dir("astromkey-operator/").file("astromkey-operator/Chart.yaml", Files.readString(chartYaml))
            .build().bytes());
    com.astromkey.sandbox.images.Descriptor chart = factory.raw().pushManifest(chartRepo, RELEASE, MediaTypes.OCI_MANIFEST,
        Manifests.ociManifest(configBlob, List.of(content)));
    sign(factory, chartRepo, chart, key);
    published.put(ReleaseArtifacts.CHART + ":" + RELEASE, chart.digest());
    for (PushedIndex index : images.all()) {
      sign(factory, index.repository(), new com.astromkey.sandbox.images.Descriptor(index.mediaType(), index.digest(),
          index.bytes().length), key);
      published.put(index.reference().substring(index.reference().indexOf(prefix + "/") + prefix.length() + 1),
          index.digest());
    }
    return new Release(images, published);
  }

  private static void sign(ImageFactory factory, String repo, com.astromkey.sandbox.images.Descriptor subject,
      SigningKey key) {
    factory.signatures().signLegacy(repo, subject.digest(), key);
    factory.signatures().attachBundle(repo, subject, key, Signatures.BundleContent.MESSAGE_SIGNATURE);
  }

  /** When skopeo is installed, a second client's view of the copy: the raw index lists both platforms. */
  private void assertSkopeoSeesBothPlatforms(LocalRegistry b, RegistryUser user, ImageReference copy) throws Exception {
    if (!Files.isExecutable(Path.of("/usr/bin/skopeo"))) {
      return;
    }
    Process p = new ProcessBuilder("skopeo", "inspect", "--raw", "--creds", user.colonForm(), "--cert-dir",
        b.certDir().toString(), "docker://" + copy.canonical()).redirectError(dir.resolve("skopeo.err").toFile()).start();
    byte[] raw = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(Files.readString(dir.resolve("skopeo.err"))).isZero();
    assertThat(Digest.fromHash(java.security.MessageDigest.getInstance("SHA-256").digest(raw)).toString())
        .isEqualTo(copy.digest());
    List<String> architectures = new ArrayList<>();
    JSON.readTree(raw).path("manifests").forEach(m -> architectures.add(m.path("platform").path("architecture").asText()));
    assertThat(architectures).contains("amd64", "arm64");
  }

  private String dockerConfig(LocalRegistry registry, RegistryUser user, String name) throws Exception {
    Path file = dir.resolve(name);
    Files.writeString(file, registry.dockerConfigJson(user));
    return file.toString();
  }

  private RegistryClient client(LocalRegistry registry, RegistryUser user, String name) throws Exception {
    return RegistryClient.builder().keychain(Keychain.fromDockerConfigFiles(List.of(Path.of(dockerConfig(registry, user,
        name))))).trust(TrustConfig.systemDefaults().plusPem(Files.readString(registry.caPem()))).build();
  }

  private static Run mirror(List<String> args) {
    return run(MirrorMain::run, args);
  }

  private static Run verify(List<String> args) {
    return run(VerifyMain::run, args);
  }

  /** A mode as the launcher calls it, in this JVM. */
  private interface Mode {
    int run(String[] args, PrintStream out, PrintStream err);
  }

  private static Run run(Mode mode, List<String> args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = mode.run(args.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private static String password() {
    return Long.toHexString(new java.security.SecureRandom().nextLong());
  }

  /** What the in-process mode printed: one JSON report per line on {@code out}, progress on {@code err}. */
  private record Run(int code, String out, String err) {
    List<JsonNode> reports() throws Exception {
      List<JsonNode> reports = new ArrayList<>();
      for (String line : out.strip().split("\n")) {
        reports.add(JSON.readTree(line));
      }
      return reports;
    }
  }
}
