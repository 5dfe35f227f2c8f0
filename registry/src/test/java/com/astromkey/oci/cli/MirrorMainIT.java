package com.astromkey.oci.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.astromkey.domain.image.ImageReference;
import com.astromkey.domain.names.ReleaseArtifacts;
import com.astromkey.oci.Digest;
import com.astromkey.oci.RegistryClient;
import com.astromkey.oci.verify.SupplyChainFixtures;
import com.astromkey.sandbox.images.Descriptor;
import com.astromkey.sandbox.images.ImageFactory;
import com.astromkey.sandbox.images.ImageFormat;
import com.astromkey.sandbox.images.Manifests;
import com.astromkey.sandbox.images.MediaTypes;
import com.astromkey.sandbox.images.PushedIndex;
import com.astromkey.sandbox.images.RawUploader;
import com.astromkey.sandbox.images.SigningKey;
import com.astromkey.sandbox.registry.LocalRegistry;
import com.astromkey.sandbox.registry.RegistryUser;
import com.astromkey.sandbox.registry.RequiresDockerRegistry;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mirror} mode end to end: {@code --release} from a sandbox source prefix, exit codes 0, 1, 2 and 3. */
@RequiresDockerRegistry
class MirrorMainIT {

  static final String VERSION = "1.4.0";
  static final String AGENT_VERSION = "1.301.0";
  static final SigningKey RELEASE_KEY = SigningKey.generate("release");
  static final SigningKey OTHER_KEY = SigningKey.generate("other");
  static LocalRegistry source;
  static LocalRegistry destination;
  static final Map<String, String> published = new LinkedHashMap<>();

  @TempDir
  static Path dir;

  @BeforeAll
  static void start() {
    source = LocalRegistry.builder().basicAuth(RegistryUser.pushPull("publisher", "publisher-pass")).tls().start();
    destination = LocalRegistry.builder().tokenAuth(RegistryUser.pushPull("airgap", "airgap-pass")).tls().start();
    ImageFactory factory = new ImageFactory(source);
    String chart = pushChart(factory.raw(), "astromkey/" + ReleaseArtifacts.CHART);
    factory.signatures().signLegacy("astromkey/" + ReleaseArtifacts.CHART, chart, RELEASE_KEY);
    published.put(ReleaseArtifacts.CHART + ":" + VERSION, chart);
    published.put(ReleaseArtifacts.OPERATOR_IMAGE + ":v" + VERSION, sign(factory, SupplyChainFixtures.codeModules(factory,
        "astromkey/" + ReleaseArtifacts.OPERATOR_IMAGE, "v" + VERSION, ImageFormat.DOCKER)));
    for (String agent : ReleaseArtifacts.AGENT_IMAGES) {
      published.put(agent + ":" + AGENT_VERSION, sign(factory, SupplyChainFixtures.codeModules(factory, "astromkey/" + agent,
          AGENT_VERSION, ImageFormat.OCI)));
    }
    RELEASE_KEY.writePublicKeyPem(dir.resolve("release.pub"));
    OTHER_KEY.writePublicKeyPem(dir.resolve("other.pub"));
    SupplyChainFixtures.dockerConfig(dir.resolve("config.json"), source, destination);
  }

  @AfterAll
  static void stop() {
    source.close();
    destination.close();
  }

  @Test
  void releaseCopiesTheFourImagesAndTheChartWithTheAgentVersionFromTheChart() throws Exception {
    Run run = mirror("--release", VERSION, "--src-prefix", source.host() + "/astromkey", "--dst",
        destination.host() + "/air-gapped/astromkey", "--verify-key", dir.resolve("release.pub").toString());

    assertThat(run.code).as(run.err).isEqualTo(MirrorMain.OK);
    List<JsonNode> reports = new ArrayList<>();
    for (String line : run.out.strip().split("\n")) {
      reports.add(new ObjectMapper().readTree(line));
    }
    assertThat(reports).hasSize(5);
    RegistryClient check = SupplyChainFixtures.client(destination);
    int i = 0;
    for (Map.Entry<String, String> artefact : published.entrySet()) {
      JsonNode report = reports.get(i++);
      assertThat(report.path("source").asText()).isEqualTo(source.host() + "/astromkey/" + artefact.getKey());
      assertThat(report.path("digest").asText()).isEqualTo(artefact.getValue());
      ImageReference copied = ImageReference.parse(destination.host() + "/air-gapped/astromkey/" + artefact.getKey());
      assertThat(check.headDigest(copied)).contains(Digest.parse(artefact.getValue()));
      assertThat(report.path("verified").asBoolean()).isTrue();
      assertThat(report.path("signatureTags")).hasSize(1);
    }
    assertThat(run.out + run.err).doesNotContain("publisher-pass").doesNotContain("airgap-pass");
  }

  @Test
  void aReleaseThatDoesNotVerifyIsNotCopiedAtAll() {
    destination.clearAccessLog();
    Run run = mirror("--release", VERSION, "--src-prefix", source.host() + "/astromkey", "--dst",
        destination.host() + "/untrusted", "--verify-key", dir.resolve("other.pub").toString());
    assertThat(run.code).isEqualTo(MirrorMain.VERIFICATION_FAILED);
    assertThat(run.out).isEmpty();
    assertThat(destination.accessLog()).noneMatch(e -> e.method().equals("PUT") || e.method().equals("POST"));
  }

  @Test
  void exitCodesForVerificationFailureCopyErrorAndUsage() {
    String codeModules = source.host() + "/astromkey/astromkey-codemodules:" + AGENT_VERSION;
    Run refused = mirror("--src", codeModules, "--dst", destination.host() + "/refused/codemodules", "--verify-key",
        dir.resolve("other.pub").toString());
    assertThat(refused.code).isEqualTo(MirrorMain.VERIFICATION_FAILED);
    assertThat(refused.err).contains("verification failed, nothing copied").contains("no matching key");

    Run missing = mirror("--src", source.host() + "/astromkey/nothing:1", "--dst", destination.host() + "/x/y");
    assertThat(missing.code).isEqualTo(MirrorMain.COPY_ERROR);
    assertThat(missing.err).contains("NotFound");

    Run usage = mirror("--src", codeModules);
    assertThat(usage.code).isEqualTo(MirrorMain.USAGE);
    assertThat(usage.err).contains("--dst is required").contains("usage:");
  }

  /** A Helm chart OCI artifact whose config carries the Chart.yaml annotations. */
  static String pushChart(RawUploader raw, String repo) {
    byte[] config = ("{\"apiVersion\":\"v2\",\"name\":\"astromkey-operator\",\"version\":\"" + VERSION + "\",\"annotations\":{\""
        + ReleaseArtifacts.AGENT_VERSION_ANNOTATION + "\":\"" + AGENT_VERSION + "\"}}").getBytes(StandardCharsets.UTF_8);
    Descriptor c = raw.pushBlob(repo, "application/vnd.cncf.helm.config.v1+json", config);
    Descriptor chart = raw.pushBlob(repo, "application/vnd.cncf.helm.chart.content.v1.tar+gzip",
        "chart-bytes".getBytes(StandardCharsets.UTF_8));
    return raw.pushManifest(repo, VERSION, MediaTypes.OCI_MANIFEST, Manifests.ociManifest(c, List.of(chart))).digest();
  }

  static String sign(ImageFactory factory, PushedIndex index) {
    factory.signatures().signLegacy(index.repository(), index.digest(), RELEASE_KEY);
    return index.digest();
  }

  static Run mirror(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--ca-file", source.caPem().toString(), "--ca-file", destination.caPem().toString(), "--creds",
        dir.resolve("config.json").toString()));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = MirrorMain.run(all.toArray(String[]::new), Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), false);
    return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  record Run(int code, String out, String err) {
  }
}
