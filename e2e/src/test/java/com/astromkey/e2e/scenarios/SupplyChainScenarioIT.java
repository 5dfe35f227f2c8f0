package com.astromkey.e2e.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import com.astromkey.domain.dynakube.DynaKube;
import com.astromkey.domain.dynakube.status.DynaKubeStatus;
import com.astromkey.domain.dynakube.status.VerificationStatus;
import com.astromkey.domain.names.Annotations;
import com.astromkey.domain.names.CsiEventReasons;
import com.astromkey.domain.names.EnvVars;
import com.astromkey.domain.names.Labels;
import com.astromkey.domain.names.ObjectNames;
import com.astromkey.domain.names.SecretKeys;
import com.astromkey.e2e.harness.E2eSandboxExtension;
import com.astromkey.e2e.sandbox.AdmissionCaller;
import com.astromkey.e2e.sandbox.CsiNode;
import com.astromkey.e2e.sandbox.CustomerFlow;
import com.astromkey.e2e.sandbox.E2eSandbox;
import com.astromkey.e2e.sandbox.SandboxImages;
import com.astromkey.oci.extract.ExtractionRules;
import com.astromkey.operator.status.ConditionTypes;
import com.astromkey.sandbox.images.Descriptor;
import com.astromkey.sandbox.images.ImageFactory;
import com.astromkey.sandbox.images.ImageFormat;
import com.astromkey.sandbox.images.ImagePlatform;
import com.astromkey.sandbox.images.LayerBuilder;
import com.astromkey.sandbox.images.MaliciousLayers;
import com.astromkey.sandbox.images.PushedImage;
import com.astromkey.sandbox.images.PushedIndex;
import com.astromkey.sandbox.images.RawUploader;
import com.astromkey.sandbox.images.Signatures;
import com.astromkey.sandbox.images.SigningKey;
import com.astromkey.sandbox.images.TestImages;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Section 5 of scenarios.md (supply chain) on the sandbox with the chart's CSI driver: hostile layers, signature policies
 * (legacy {@code .sig} and sigstore bundle referrers) and platform selection, each through the operator, webhook and
 * provisioner as a customer meets them.
 */
class SupplyChainScenarioIT {
  private static final String DK = "dynakube";
  private static final String APP_NAMESPACE = "shop";
  private static final String CODE_MODULES = E2eSandbox.REPOSITORY_PREFIX + "/astromkey-codemodules";
  /** The decompression-bomb limit the malicious scenario sets; the rule is the same at the 4 GiB default. */
  private static final long EXTRACT_MAX_BYTES = 16L << 20;
  private static final SigningKey KEY_A = SigningKey.generate("A");
  private static final SigningKey KEY_B = SigningKey.generate("B");
  private static final Map<String, String> ARM64_NODE = Map.of(Labels.KUBERNETES_OS, "linux", Labels.KUBERNETES_ARCH, "arm64");

  @RegisterExtension
  final E2eSandboxExtension sandbox = E2eSandboxExtension.withCsi()
      .withNode("malicious_layer_rejected", new E2eSandbox.NodeSettings(
          Map.of(EnvVars.AK_EXTRACT_MAX_BYTES, String.valueOf(EXTRACT_MAX_BYTES)), Map.of()))
      .withNode("multi_arch_platform_selection", new E2eSandbox.NodeSettings(Map.of(EnvVars.AK_PLATFORM, "linux/arm64"), Map.of()));

  /** One hostile code-modules image: its layer, the words its failure event must carry and its metric reason. */
  private record Variant(String name, Supplier<PushedImage> push, List<String> expected, String metricReason) {}

  @Test
  void malicious_layer_rejected() throws Exception {
    E2eSandbox s = sandbox.get();
    CustomerFlow flow = new CustomerFlow(s);
    CsiNode csi = s.csi().orElseThrow();
    s.tokensSecret(DK);
    DynaKube dk = s.dynaKube("dynakube-malicious-layer-rejected");
    assertThat(flow.apply(dk).allowed()).isTrue();
    String goodKey = key(s.images().codeModules().image(PrivateRegistryScenarioIT.nodePlatform()));
    awaitLatest(s, goodKey);
    flow.createNamespace(APP_NAMESPACE);
    flow.awaitInjectionReady(APP_NAMESPACE);
    Pod existing = flow.createPod(APP_NAMESPACE, "app-before", "docker.io/library/nginx:1.27").object();
    CsiNode.Publication mounted = csi.publish(existing, ObjectNames.VOLUME_ONEAGENT_BIN, Duration.ofSeconds(30));
    assertCodeModules(mounted.target(), SandboxImages.VERSION);

    Sentinels sentinels = Sentinels.take(s);
    for (Variant variant : maliciousVariants(s)) {
      PushedImage image = variant.push().get();
      Map<String, Double> errorsBefore = installErrors(s);
      setCodeModulesImage(s, image.reference());

      Event failed = awaitProvisionerEvent(s, CsiEventReasons.CODE_MODULES_PULL_FAILED, image.reference());
      assertThat(failed.getType()).as(variant.name()).isEqualTo("Warning");
      assertThat(failed.getMessage()).as(variant.name()).contains(variant.expected());
      E2eSandbox.await("the " + variant.metricReason() + " error metric for " + variant.name(), CustomerFlow.PATIENCE,
          () -> installErrors(s).getOrDefault(variant.metricReason(), 0.0)
              > errorsBefore.getOrDefault(variant.metricReason(), 0.0));
      assertThat(csi.cache().keys()).as(variant.name()).containsExactly(goodKey);
      assertThat(latest(s)).as(variant.name()).contains(goodKey);
      assertThat(listing(csi.dataDir().resolve("work"))).as("work dirs left by " + variant.name()).isEmpty();
      sentinels.assertUnchanged(variant.name());
    }

    assertCodeModules(mounted.target(), SandboxImages.VERSION);
    Pod later = flow.createPod(APP_NAMESPACE, "app-after", "docker.io/library/nginx:1.27").object();
    assertCodeModules(csi.publish(later, ObjectNames.VOLUME_ONEAGENT_BIN, Duration.ofSeconds(30)).target(),
        SandboxImages.VERSION);
  }

  @Test
  void signature_enforce() throws Exception {
    E2eSandbox s = sandbox.get();
    CustomerFlow flow = new CustomerFlow(s);
    SignedImages images = SignedImages.pushAndApply(s, "dynakube-signature-enforce");

    DynaKubeStatus verified = awaitVerification(flow, images.signedByA(), "Verified");
    assertThat(verified.getCodeModules().getVerification().getDigest()).isEqualTo(images.signedByA().digest());
    assertCondition(verified, "True", "Verified");
    awaitLatest(s, nodeKey(images.signedByA()));
    assertThat(s.csi().orElseThrow().cache().meta(nodeKey(images.signedByA())).orElseThrow().signature()).isEqualTo("Verified");
    assertThat(awaitOperatorEvent(s, "CodeModulesSignatureVerified", images.signedByA().digest()).getType()).isEqualTo("Normal");
    flow.createNamespace(APP_NAMESPACE);
    flow.awaitInjectionReady(APP_NAMESPACE);
    assertThat(flow.createPod(APP_NAMESPACE, "app-signed", "docker.io/library/nginx:1.27").object().getMetadata()
        .getAnnotations()).containsEntry(Annotations.ONEAGENT_INJECTED, "true").containsEntry(Annotations.ONEAGENT_DELIVERY, "csi");

    setCodeModulesImage(s, images.unsigned().reference());
    assertCondition(awaitVerification(flow, images.unsigned(), "SignatureMissing"), "False", "SignatureMissing");
    assertThat(awaitProvisionerEvent(s, CsiEventReasons.CODE_MODULES_SIGNATURE_MISSING, images.unsigned().digest()).getMessage())
        .contains("signature verification is enforced");
    assertNotInjected(s, "CodeModulesSignatureNotVerified");

    setCodeModulesImage(s, images.signedByB().reference());
    assertCondition(awaitVerification(flow, images.signedByB(), "SignatureInvalid"), "False", "SignatureInvalid");
    assertThat(awaitProvisionerEvent(s, CsiEventReasons.CODE_MODULES_SIGNATURE_INVALID, images.signedByB().digest()).getMessage())
        .contains("no matching key");
    assertThat(awaitOperatorEvent(s, "CodeModulesSignatureInvalid", images.signedByB().digest()).getType()).isEqualTo("Warning");

    setCodeModulesImage(s, images.payloadOfAnother().reference());
    assertCondition(awaitVerification(flow, images.payloadOfAnother(), "SignatureInvalid"), "False", "SignatureInvalid");
    assertThat(awaitProvisionerEvent(s, CsiEventReasons.CODE_MODULES_SIGNATURE_INVALID, images.payloadOfAnother().digest()).getMessage())
        .contains("digest mismatch");
    assertNotInjected(s, "CodeModulesSignatureNotVerified");

    assertThat(s.csi().orElseThrow().cache().keys()).as("only the verified image is installed")
        .containsExactly(nodeKey(images.signedByA()));
    assertThat(latest(s)).contains(nodeKey(images.signedByA()));

    // without CSI the webhook hands the kubelet the verified digest, not the tag
    try (E2eSandbox noCsi = E2eSandbox.startAll(false)) {
      CustomerFlow noCsiFlow = new CustomerFlow(noCsi);
      SignedImages noCsiImages = SignedImages.pushAndApply(noCsi, "dynakube-signature-enforce");
      awaitVerification(noCsiFlow, noCsiImages.signedByA(), "Verified");
      noCsiFlow.createNamespace(APP_NAMESPACE);
      noCsiFlow.awaitInjectionReady(APP_NAMESPACE);
      Pod pod = noCsiFlow.createPod(APP_NAMESPACE, "app-pinned", "docker.io/library/nginx:1.27").object();
      assertThat(pod.getMetadata().getAnnotations()).containsEntry(Annotations.ONEAGENT_DELIVERY, "image");
      assertThat(initImage(pod)).isEqualTo(noCsi.registry().host() + "/" + CODE_MODULES + "@" + noCsiImages.signedByA().digest());
    }
  }

  @Test
  void signature_warn() throws Exception {
    E2eSandbox s = sandbox.get();
    CustomerFlow flow = new CustomerFlow(s);
    SignedImages images = SignedImages.pushAndApply(s, "dynakube-signature-warn");
    flow.createNamespace(APP_NAMESPACE);

    Map<PushedIndex, String> expected = new LinkedHashMap<>();
    expected.put(images.signedByA(), "Verified");
    expected.put(images.unsigned(), "SignatureMissing");
    expected.put(images.signedByB(), "SignatureInvalid");
    expected.put(images.payloadOfAnother(), "SignatureInvalid");
    int pods = 0;
    for (Map.Entry<PushedIndex, String> e : expected.entrySet()) {
      PushedIndex image = e.getKey();
      String state = e.getValue();
      setCodeModulesImage(s, image.reference());
      DynaKubeStatus status = awaitVerification(flow, image, state);
      assertThat(status.getCodeModules().getVerification().getDigest()).as(state).isEqualTo(image.digest());
      assertCondition(status, state.equals("Verified") ? "True" : "False", state);
      awaitLatest(s, nodeKey(image));
      assertThat(s.csi().orElseThrow().cache().meta(nodeKey(image)).orElseThrow().signature()).isEqualTo(state);
      if (!state.equals("Verified")) {
        String reason = state.equals("SignatureMissing") ? CsiEventReasons.CODE_MODULES_SIGNATURE_MISSING
            : CsiEventReasons.CODE_MODULES_SIGNATURE_INVALID;
        assertThat(awaitProvisionerEvent(s, reason, image.digest()).getType()).isEqualTo("Warning");
      }
      flow.awaitInjectionReady(APP_NAMESPACE);
      Pod pod = flow.createPod(APP_NAMESPACE, "app-" + pods++, "docker.io/library/nginx:1.27").object();
      assertThat(pod.getMetadata().getAnnotations()).as(state).containsEntry(Annotations.ONEAGENT_INJECTED, "true")
          .containsEntry(Annotations.ONEAGENT_DELIVERY, "csi");
      assertCodeModules(s.csi().orElseThrow().publish(pod, ObjectNames.VOLUME_ONEAGENT_BIN, Duration.ofSeconds(30)).target(),
          versionOf(images, image));
    }
    assertThat(awaitOperatorEvent(s, "CodeModulesSignatureMissing", images.unsigned().digest()).getType()).isEqualTo("Warning");
  }

  @Test
  void signature_bundle_referrer() throws Exception {
    E2eSandbox s = sandbox.get();
    CustomerFlow flow = new CustomerFlow(s);
    ImageFactory factory = new ImageFactory(s.registry());
    PushedIndex image = pushCodeModules(factory, CODE_MODULES, "bundle-signed-by-a", "1.306.0", ImageFormat.OCI, false,
        ImagePlatform.LINUX_AMD64, ImagePlatform.LINUX_ARM64);
    factory.signatures().attachBundle(CODE_MODULES, new Descriptor(image.mediaType(), image.digest(), image.bytes().length),
        KEY_A, Signatures.BundleContent.DSSE_ENVELOPE);
    configureKeys(s, KEY_A);
    s.tokensSecret(DK);
    s.registry().clearAccessLog();

    assertThat(flow.apply(s.dynaKube("dynakube-signature-bundle-referrer")).allowed()).isTrue();

    DynaKubeStatus verified = awaitVerification(flow, image, "Verified");
    assertCondition(verified, "True", "Verified");
    awaitLatest(s, nodeKey(image));
    String referrersTag = "/manifests/" + Signatures.referrersTag(image.digest());
    assertThat(s.registry().accessLog()).as("no .sig tag; registry 2.8 has no referrers API, so the fallback tag is read")
        .anyMatch(e -> e.uri().contains("/" + CODE_MODULES + "/manifests/" + Signatures.legacyTag(image.digest()))
            && e.status() == 404)
        .anyMatch(e -> e.uri().contains("/" + CODE_MODULES + referrersTag) && e.status() == 200);

    // a mirror keeps digests and referrers but not the repository name the bundle's statement names
    String mirror = "mirror/codemodules";
    RawUploader raw = factory.raw();
    copy(raw, CODE_MODULES, mirror, "bundle-signed-by-a");
    copy(raw, CODE_MODULES, mirror, Signatures.referrersTag(image.digest()));
    String mirrored = s.registry().host() + "/" + mirror + ":bundle-signed-by-a";
    s.registry().clearAccessLog();
    setCodeModulesImage(s, mirrored);

    DynaKubeStatus again = flow.awaitStatus(DK, st -> st.getCodeModules() != null && mirrored.equals(st.getCodeModules().getImageID())
        && st.getCodeModules().getVerification() != null
        && s.registry().accessLog().stream().anyMatch(e -> e.uri().contains("/" + mirror + referrersTag) && e.status() == 200));
    assertThat(again.getCodeModules().getVerification().getState()).isEqualTo("Verified");
    assertThat(again.getCodeModules().getVerification().getDigest()).isEqualTo(image.digest());
    assertCondition(again, "True", "Verified");
    assertThat(latest(s)).contains(nodeKey(image));
  }

  @Test
  void multi_arch_platform_selection() throws Exception {
    // AK_PLATFORM=linux/arm64 (the extension's sandbox), then a node labelled arm64 without AK_PLATFORM
    assertArm64Selected(sandbox.get());
    E2eSandbox.NodeSettings arm64Node = new E2eSandbox.NodeSettings(Map.of(), ARM64_NODE);
    try (E2eSandbox labelled = E2eSandbox.startAll(true, true, s -> s.node(arm64Node))) {
      assertArm64Selected(labelled);
    }
  }

  /** The OCI index (with an attestation entry) and the Docker list both give arm64; an amd64-only image fails. */
  private static void assertArm64Selected(E2eSandbox s) throws Exception {
    CustomerFlow flow = new CustomerFlow(s);
    ImageFactory factory = new ImageFactory(s.registry());
    PushedIndex oci = pushCodeModules(factory, CODE_MODULES, "oci-index", "1.307.0", ImageFormat.OCI, true,
        ImagePlatform.LINUX_AMD64, ImagePlatform.LINUX_ARM64_V8);
    PushedIndex docker = pushCodeModules(factory, CODE_MODULES, "docker-list", "1.308.0", ImageFormat.DOCKER, false,
        ImagePlatform.LINUX_AMD64, ImagePlatform.LINUX_ARM64);
    PushedIndex amd64Only = pushCodeModules(factory, CODE_MODULES, "amd64-only", "1.309.0", ImageFormat.OCI, false,
        ImagePlatform.LINUX_AMD64);
    s.tokensSecret(DK);
    s.registry().clearAccessLog();
    assertThat(flow.apply(s.dynaKube("dynakube-multi-arch-platform-selection")).allowed()).isTrue();

    String ociKey = key(oci.image(ImagePlatform.LINUX_ARM64_V8));
    awaitLatest(s, ociKey);
    Path installed = s.csi().orElseThrow().dataDir().resolve("codemodules").resolve(ociKey);
    assertThat(installed.resolve("agent/arch")).hasContent("aarch64");
    assertThat(s.registry().accessLog()).as("the attestation entry and the amd64 image are never fetched")
        .noneMatch(e -> e.uri().contains(oci.attestation().digest()))
        .noneMatch(e -> e.uri().contains(oci.image(ImagePlatform.LINUX_AMD64).digest()))
        .anyMatch(e -> e.uri().contains(oci.image(ImagePlatform.LINUX_ARM64_V8).digest()) && e.status() == 200);

    setCodeModulesImage(s, docker.reference());
    String dockerKey = key(docker.image(ImagePlatform.LINUX_ARM64));
    awaitLatest(s, dockerKey);
    assertThat(s.csi().orElseThrow().dataDir().resolve("codemodules").resolve(dockerKey).resolve("agent/arch"))
        .hasContent("aarch64");

    setCodeModulesImage(s, amd64Only.reference());
    assertThat(awaitProvisionerEvent(s, CsiEventReasons.CODE_MODULES_PULL_FAILED, amd64Only.reference()).getMessage())
        .contains("PlatformNotFound", "linux/arm64", "available: linux/amd64");
    assertThat(latest(s)).contains(dockerKey);
    assertThat(s.csi().orElseThrow().cache().keys()).containsExactlyInAnyOrder(ociKey, dockerKey);
  }

  // ---- malicious layers

  private List<Variant> maliciousVariants(E2eSandbox s) {
    ImageFactory factory = new ImageFactory(s.registry());
    ImagePlatform platform = PrivateRegistryScenarioIT.nodePlatform();
    String repo = E2eSandbox.REPOSITORY_PREFIX + "/astromkey-codemodules-hostile";
    BiFunction<String, Supplier<LayerBuilder.LayerBlob>, Supplier<PushedImage>> image = (tag, layer) ->
        () -> factory.pushImage(repo, tag, ImageFormat.OCI, platform, TestImages.labels(SandboxImages.VERSION), List.of(layer.get()));
    return List.of(
        unsafe("abs-path", image.apply("abs-path", () -> MaliciousLayers.absPath().build()), ExtractionRules.ABSOLUTE_PATH),
        unsafe("dotdot", image.apply("dotdot", () -> MaliciousLayers.dotdot().build()), ExtractionRules.PARENT_TRAVERSAL),
        unsafe("symlink-escape", image.apply("symlink-escape", () -> MaliciousLayers.symlinkEscape().build()),
            ExtractionRules.SYMLINK_ESCAPE),
        unsafe("hardlink-escape", image.apply("hardlink-escape", () -> MaliciousLayers.hardlinkEscape().build()),
            ExtractionRules.HARDLINK_ESCAPE),
        unsafe("parent-symlink", image.apply("parent-symlink", () -> MaliciousLayers.parentSymlink().build()),
            ExtractionRules.PARENT_SYMLINK),
        unsafe("device-node", image.apply("device-node", () -> MaliciousLayers.deviceNode().build()),
            ExtractionRules.DEVICE_OR_FIFO),
        unsafe("gzip-bomb", image.apply("gzip-bomb", () -> MaliciousLayers.gzipBomb(bombFile(s), EXTRACT_MAX_BYTES + 1)),
            ExtractionRules.TOO_MANY_BYTES),
        new Variant("bad-digest", () -> factory.pushBadDigestImage(repo, "bad-digest", platform), List.of("DigestMismatch"),
            "digest_mismatch"),
        new Variant("zstd", image.apply("zstd", MaliciousLayers::zstd), List.of("UnsupportedLayer"), "other"));
  }

  private static Variant unsafe(String name, Supplier<PushedImage> push, String rule) {
    return new Variant(name, push, List.of("UnsafeLayerEntry", "rule " + rule), "unsafe_layer");
  }

  private static Path bombFile(E2eSandbox s) {
    try {
      return Files.createTempFile(s.tmp(), "gzip-bomb", ".tar.gz");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Places a hostile layer would write to if extraction escaped, and what the sandbox holds outside the data dir. */
  private record Sentinels(E2eSandbox s, List<Path> absent, String passwd, List<String> sandboxTop, List<String> dataTop) {
    static Sentinels take(E2eSandbox s) throws IOException {
      List<Path> candidates = List.of(Path.of("/tmp/dotdot.txt"), Path.of("/tmp/tmp/dotdot.txt"),
          Path.of("/" + TestImages.AGENT_ROOT + "agent/abs.txt"), s.tmp().resolve("dotdot.txt"));
      return new Sentinels(s, candidates.stream().filter(p -> !Files.exists(p, LinkOption.NOFOLLOW_LINKS)).toList(),
          Files.readString(Path.of("/etc/passwd")), listing(s.tmp()), listing(s.csi().orElseThrow().dataDir()));
    }

    void assertUnchanged(String variant) throws IOException {
      assertThat(absent).as("sentinel paths after " + variant)
          .allSatisfy(p -> assertThat(Files.exists(p, LinkOption.NOFOLLOW_LINKS)).as(p.toString()).isFalse());
      assertThat(Files.readString(Path.of("/etc/passwd"))).as("/etc/passwd after " + variant).isEqualTo(passwd);
      assertThat(listing(s.tmp())).as("the sandbox dir after " + variant)
          .filteredOn(n -> !n.startsWith("gzip-bomb")).containsExactlyInAnyOrderElementsOf(sandboxTop);
      assertThat(listing(s.csi().orElseThrow().dataDir())).as("the data dir after " + variant)
          .containsExactlyInAnyOrderElementsOf(dataTop);
    }
  }

  // ---- signatures

  /** The catalogue's signature variants of the code-modules image (helm-and-image.md §6.2), each with its own digest. */
  private record SignedImages(PushedIndex signedByA, PushedIndex unsigned, PushedIndex signedByB, PushedIndex payloadOfAnother) {
    /** The images, key A as the only configured key, the tokens and the DynaKube {@code fixture} admitted and stored. */
    static SignedImages pushAndApply(E2eSandbox s, String fixture) throws IOException, InterruptedException {
      SignedImages images = push(s);
      configureKeys(s, KEY_A);
      s.tokensSecret(DK);
      assertThat(new CustomerFlow(s).apply(s.dynaKube(fixture)).allowed()).isTrue();
      return images;
    }

    static SignedImages push(E2eSandbox s) {
      ImageFactory factory = new ImageFactory(s.registry());
      PushedIndex a = pushCodeModules(factory, CODE_MODULES, "signed-by-a", "1.302.0", ImageFormat.OCI, false,
          ImagePlatform.LINUX_AMD64, ImagePlatform.LINUX_ARM64);
      PushedIndex unsigned = pushCodeModules(factory, CODE_MODULES, "unsigned", "1.303.0", ImageFormat.OCI, false,
          ImagePlatform.LINUX_AMD64, ImagePlatform.LINUX_ARM64);
      PushedIndex b = pushCodeModules(factory, CODE_MODULES, "signed-by-b", "1.304.0", ImageFormat.OCI, false,
          ImagePlatform.LINUX_AMD64, ImagePlatform.LINUX_ARM64);
      PushedIndex other = pushCodeModules(factory, CODE_MODULES, "payload-of-another", "1.305.0", ImageFormat.OCI, false,
          ImagePlatform.LINUX_AMD64, ImagePlatform.LINUX_ARM64);
      factory.signatures().signLegacy(CODE_MODULES, a.digest(), KEY_A);
      factory.signatures().signLegacy(CODE_MODULES, b.digest(), KEY_B);
      // signed by A, but the payload names image A's digest
      factory.signatures().signLegacy(CODE_MODULES, other.digest(), a.digest(), KEY_A);
      return new SignedImages(a, unsigned, b, other);
    }
  }

  private static String versionOf(SignedImages images, PushedIndex image) {
    return image == images.signedByA() ? "1.302.0" : image == images.unsigned() ? "1.303.0"
        : image == images.signedByB() ? "1.304.0" : "1.305.0";
  }

  /** The chart's {@code astromkey-signature-keys} ConfigMap holding the given public keys. */
  private static void configureKeys(E2eSandbox s, SigningKey... keys) {
    Map<String, String> data = new LinkedHashMap<>();
    for (int i = 0; i < keys.length; i++) {
      data.put(SecretKeys.signatureKey(i), keys[i].publicKeyPem());
    }
    s.client().configMaps().inNamespace(E2eSandbox.NAMESPACE).resource(new ConfigMapBuilder().withNewMetadata()
        .withName(ObjectNames.SIGNATURE_KEYS_CONFIGMAP).endMetadata().withData(data).build()).createOr(c -> c.update());
  }

  private static DynaKubeStatus awaitVerification(CustomerFlow flow, PushedIndex image, String state) {
    return flow.awaitStatus(DK, st -> st.getCodeModules() != null && image.reference().equals(st.getCodeModules().getImageID())
        && st.getCodeModules().getVerification() != null && state.equals(st.getCodeModules().getVerification().getState())
        && image.digest().equals(st.getCodeModules().getVerification().getDigest()));
  }

  private static void assertCondition(DynaKubeStatus status, String value, String reason) {
    Condition condition = status.getConditions().stream().filter(c -> ConditionTypes.CODE_MODULES_SIGNATURE.equals(c.getType()))
        .findFirst().orElseThrow(() -> new AssertionError("no " + ConditionTypes.CODE_MODULES_SIGNATURE + " condition"));
    assertThat(condition.getStatus()).isEqualTo(value);
    assertThat(condition.getReason()).isEqualTo(reason);
    VerificationStatus verification = status.getCodeModules().getVerification();
    assertThat(condition.getMessage()).isEqualTo(verification.getMessage());
  }

  /** The webhook's answer for a new pod once it sees the DynaKube's current status. */
  private static void assertNotInjected(E2eSandbox s, String reason) {
    E2eSandbox.await("a pod not injected for " + reason, CustomerFlow.PATIENCE, () -> {
      try {
        Pod pod = new PodBuilder().withNewMetadata().withName("probe").withNamespace(APP_NAMESPACE)
            .withUid(UUID.randomUUID().toString()).endMetadata().withNewSpec().addNewContainer().withName("app")
            .withImage("docker.io/library/nginx:1.27").endContainer().endSpec().build();
        AdmissionCaller.Result<Pod> mutated = s.admission().mutatePod(pod, true);
        Map<String, String> annotations = mutated.object().getMetadata().getAnnotations();
        return mutated.allowed() && annotations != null && reason.equals(annotations.get(Annotations.ONEAGENT_REASON))
            && "false".equals(annotations.get(Annotations.ONEAGENT_INJECTED)) && mutated.object().getSpec().getInitContainers()
                .stream().noneMatch(c -> c.getName().equals(ObjectNames.INJECTION_INIT_CONTAINER));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    });
  }

  private static String initImage(Pod pod) {
    return pod.getSpec().getInitContainers().stream().filter(c -> c.getName().equals(ObjectNames.INJECTION_INIT_CONTAINER))
        .findFirst().orElseThrow().getImage();
  }

  /** Copies a tagged manifest (an index with its children, or an image) with all blobs to another repository. */
  private static void copy(RawUploader raw, String from, String to, String reference) {
    RawUploader.Manifest manifest = raw.getManifest(from, reference);
    JsonNode json = manifest.json();
    for (JsonNode child : json.path("manifests")) {
      copy(raw, from, to, child.path("digest").asText());
    }
    Stream.concat(Stream.of(json.path("config")), Stream.of(json.path("layers")).flatMap(l -> StreamSupport
        .stream(l.spliterator(), false))).filter(d -> d.hasNonNull("digest"))
        .forEach(d -> raw.mountBlob(to, d.path("digest").asText(), from));
    raw.pushManifest(to, reference, manifest.mediaType(), manifest.bytes());
  }

  // ---- shared

  private static PushedIndex pushCodeModules(ImageFactory factory, String repo, String tag, String version, ImageFormat format,
      boolean attestation, ImagePlatform... platforms) {
    Map<ImagePlatform, List<? extends LayerBuilder.LayerBlob>> layers = new LinkedHashMap<>();
    for (ImagePlatform platform : platforms) {
      layers.put(platform, List.of(TestImages.codeModules(version, platform).build()));
    }
    return factory.pushIndex(repo, tag, format, layers, TestImages.labels(version), attestation);
  }

  private static void setCodeModulesImage(E2eSandbox s, String image) {
    s.client().resources(DynaKube.class).inNamespace(E2eSandbox.NAMESPACE).withName(DK).edit(dk -> {
      dk.getSpec().getOneAgent().getApplicationMonitoring().setCodeModulesImage(image);
      return dk;
    });
  }

  /** The provisioner's event on the DynaKube (its messages start with {@code node <node>:}) naming {@code subject}. */
  private static Event awaitProvisionerEvent(E2eSandbox s, String reason, String subject) {
    return awaitEvent(s, reason, subject, true);
  }

  /** The operator's event on the DynaKube naming {@code subject}. */
  private static Event awaitOperatorEvent(E2eSandbox s, String reason, String subject) {
    return awaitEvent(s, reason, subject, false);
  }

  private static Event awaitEvent(E2eSandbox s, String reason, String subject, boolean fromProvisioner) {
    KubernetesClient client = s.client();
    String nodePrefix = "node " + E2eSandbox.NODE + ": ";
    Event[] found = new Event[1];
    E2eSandbox.await("a " + reason + " event naming " + subject, CustomerFlow.PATIENCE, () -> {
      found[0] = client.v1().events().inNamespace(E2eSandbox.NAMESPACE).list().getItems().stream()
          .filter(e -> reason.equals(e.getReason()) && DK.equals(e.getInvolvedObject().getName())
              && e.getMessage() != null && e.getMessage().contains(subject)
              && e.getMessage().startsWith(nodePrefix) == fromProvisioner)
          .findFirst().orElse(null);
      return found[0] != null;
    });
    return found[0];
  }

  /** {@code astromkey_csi_install_errors_total} by reason. */
  private static Map<String, Double> installErrors(E2eSandbox s) {
    String text;
    try {
      text = s.provisionerMetrics();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
    Map<String, Double> byReason = new LinkedHashMap<>();
    Matcher m = Pattern.compile("(?m)^astromkey_csi_install_errors_total\\{[^}]*reason=\"([a-z_]+)\"[^}]*} ([0-9.E]+)$").matcher(text);
    while (m.find()) {
      byReason.merge(m.group(1), Double.parseDouble(m.group(2)), Double::sum);
    }
    return byReason;
  }

  private static void assertCodeModules(Path tree, String version) {
    assertThat(tree.resolve("agent/lib64/liboneagentproc.so")).content().contains(version);
  }

  private static String key(PushedImage image) {
    return "sha256-" + image.digest().substring("sha256:".length());
  }

  private static String nodeKey(PushedIndex index) {
    ImagePlatform node = PrivateRegistryScenarioIT.nodePlatform();
    return key(index.images().stream().filter(i -> i.platform().architecture().equals(node.architecture())).findFirst()
        .orElseThrow());
  }

  private static void awaitLatest(E2eSandbox s, String key) {
    E2eSandbox.await("the provisioner to link " + key, CustomerFlow.PATIENCE, () -> latest(s).equals(Optional.of(key)));
  }

  private static Optional<String> latest(E2eSandbox s) {
    try {
      return s.csi().orElseThrow().cache().latest(DK).map(m -> m.key());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> listing(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
