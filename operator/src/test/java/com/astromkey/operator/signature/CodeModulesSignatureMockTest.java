package com.astromkey.operator.signature;

import static org.assertj.core.api.Assertions.assertThat;

import com.astromkey.domain.dynakube.DynaKube;
import com.astromkey.domain.dynakube.status.DynaKubeStatus;
import com.astromkey.domain.dynakube.status.VerificationStatus;
import com.astromkey.domain.feature.FeatureFlag;
import com.astromkey.domain.names.SecretKeys;
import com.astromkey.oci.verify.VerificationState;
import com.astromkey.operator.dynakube.DynaKubeReconciler;
import com.astromkey.operator.dynakube.DynaKubeSteps;
import com.astromkey.operator.events.EventRecorder;
import com.astromkey.operator.kube.ObjectWriter;
import com.astromkey.operator.metrics.OperatorMetrics;
import com.astromkey.operator.status.Messages;
import com.astromkey.operator.testing.FakeImageVerifier;
import com.astromkey.operator.testing.FakeTenantApi;
import com.astromkey.operator.testing.Fixtures;
import com.astromkey.operator.testing.MockCluster;
import com.astromkey.sandbox.time.TestClock;
import com.astromkey.sandbox.images.SigningKey;
import com.astromkey.tenant.Arch;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** operator.md §4.5 through the whole reconciler against the mock API server, with a fake verifier counting its calls. */
@EnableKubernetesMockClient(crud = true)
class CodeModulesSignatureMockTest {
  private static final String NS = MockCluster.NAMESPACE;
  private static final String KEYS = "astromkey-signature-keys";
  private static final String SUBJECT = "registry.my-company.com/astromkey/astromkey-codemodules@" + FakeImageVerifier.DIGEST;
  private static final SigningKey KEY_A = SigningKey.generate("A");
  private static final SigningKey KEY_B = SigningKey.generate("B");

  static KubernetesClient client;
  private final TestClock clock = new TestClock(Instant.parse("2026-11-27T08:00:00Z"));
  private FakeImageVerifier verifier;

  @BeforeEach
  void setUp() {
    if (client.apiextensions().v1().customResourceDefinitions().list().getItems().isEmpty()) {
      MockCluster.install(client);
    }
    verifier = new FakeImageVerifier();
    client.configMaps().inNamespace(NS).withName(KEYS).delete();
  }

  @Test
  void verifiedUnderWarnIsStatusConditionAndOneEventAndIsNotCheckedAgainWithinThePeriod() {
    DynaKubeReconciler reconciler = reconciler("warn");
    keys(Map.of("key-0.pub", KEY_A.publicKeyPem()));
    create("warned", null);

    reconcile(reconciler, "warned");

    VerificationStatus verification = status("warned").getCodeModules().getVerification();
    assertThat(verification.getState()).isEqualTo("Verified");
    assertThat(verification.getDigest()).isEqualTo(FakeImageVerifier.DIGEST);
    assertThat(verification.getCheckedAt()).isEqualTo("2026-11-27T08:00:00Z");
    assertThat(verification.getMessage()).isEqualTo(SUBJECT + " is signed by a configured key.");
    Condition condition = condition(status("warned"), "CodeModulesSignature");
    assertThat(condition.getStatus()).isEqualTo("True");
    assertThat(condition.getReason()).isEqualTo("Verified");
    assertThat(condition(status("warned"), "CodeModulesInjection").getStatus()).isEqualTo("True");
    assertThat(verifier.images).extracting(i -> i.canonical())
        .containsExactly("registry.my-company.com/astromkey/astromkey-codemodules:1.301.0");

    clock.advance(Duration.ofMinutes(5));
    reconcile(reconciler, "warned");

    assertThat(verifier.calls()).isEqualTo(1);
    assertThat(status("warned").getCodeModules().getVerification().getCheckedAt()).isEqualTo("2026-11-27T08:00:00Z");
    assertThat(events("warned")).filteredOn(e -> e.getReason().startsWith("CodeModulesSignature")).singleElement()
        .satisfies(e -> {
          assertThat(e.getReason()).isEqualTo("CodeModulesSignatureVerified");
          assertThat(e.getType()).isEqualTo("Normal");
        });
  }

  @Test
  void changedKeysAChangedImageAndTheElapsedPeriodEachCheckAgain() {
    DynaKubeReconciler reconciler = reconciler("warn");
    keys(Map.of("key-0.pub", KEY_A.publicKeyPem()));
    create("rechecked", null);
    reconcile(reconciler, "rechecked");

    client.configMaps().inNamespace(NS).withName(KEYS).edit(cm -> {
      cm.getData().put("key-1.pub", KEY_B.publicKeyPem());
      return cm;
    });
    reconcile(reconciler, "rechecked");
    assertThat(verifier.calls()).isEqualTo(2);

    client.resources(DynaKube.class).inNamespace(NS).withName("rechecked").edit(d -> {
      d.getSpec().getOneAgent().getApplicationMonitoring()
          .setCodeModulesImage("registry.my-company.com/astromkey/astromkey-codemodules:1.302.0");
      return d;
    });
    reconcile(reconciler, "rechecked");
    assertThat(verifier.calls()).isEqualTo(3);

    clock.advance(Duration.ofMinutes(14));
    reconcile(reconciler, "rechecked");
    assertThat(verifier.calls()).isEqualTo(3);
    clock.advance(Duration.ofMinutes(1));
    reconcile(reconciler, "rechecked");
    assertThat(verifier.calls()).isEqualTo(4);
    // the same result again is no status change: checkedAt alone never causes a write (StatusAggregator.TIMESTAMP_FIELDS)
    assertThat(status("rechecked").getCodeModules().getVerification().getCheckedAt()).isEqualTo("2026-11-27T08:00:00Z");
  }

  @Test
  void missingSignatureUnderEnforceFromTheFlagBlocksInjection() {
    DynaKubeReconciler reconciler = reconciler("off");
    keys(Map.of("key-0.pub", KEY_A.publicKeyPem()));
    verifier.answer(VerificationState.SignatureMissing, "no signature found");
    create("enforced", "enforce");

    reconcile(reconciler, "enforced");

    DynaKubeStatus status = status("enforced");
    assertThat(status.getCodeModules().getVerification().getState()).isEqualTo("SignatureMissing");
    Condition condition = condition(status, "CodeModulesSignature");
    assertThat(condition.getStatus()).isEqualTo("False");
    assertThat(condition.getReason()).isEqualTo("SignatureMissing");
    assertThat(condition.getMessage()).isEqualTo("No signature of " + SUBJECT + " was found; sign the image or use a signed one.");
    assertThat(condition(status, "CodeModulesInjection").getStatus()).isEqualTo("False");
    assertThat(condition(status, "CodeModulesInjection").getMessage()).isEqualTo(Messages.CODE_MODULES_NOT_VERIFIED);
    assertThat(status.getPhase()).isEqualTo("Deploying");
    assertThat(events("enforced")).filteredOn(e -> e.getReason().equals("CodeModulesSignatureMissing")).singleElement()
        .satisfies(e -> assertThat(e.getType()).isEqualTo("Warning"));
  }

  @Test
  void invalidSignatureUnderWarnStillInjects() {
    DynaKubeReconciler reconciler = reconciler("warn");
    keys(Map.of("key-0.pub", KEY_A.publicKeyPem()));
    verifier.answer(VerificationState.SignatureInvalid, "1 signature found, none valid: no matching key");
    create("invalid", null);

    reconcile(reconciler, "invalid");

    DynaKubeStatus status = status("invalid");
    assertThat(condition(status, "CodeModulesSignature").getMessage())
        .isEqualTo("No signature of " + SUBJECT + " matches the configured keys.");
    assertThat(condition(status, "CodeModulesInjection").getStatus()).isEqualTo("True");
    assertThat(events("invalid")).filteredOn(e -> e.getReason().equals("CodeModulesSignatureInvalid")).singleElement()
        .satisfies(e -> assertThat(e.getMessage()).isEqualTo(SUBJECT + ": 1 signature found, none valid: no matching key."));
  }

  @Test
  void offFromTheFlagAsksNothingAndRemovesAnEarlierResult() {
    DynaKubeReconciler reconciler = reconciler("warn");
    keys(Map.of("key-0.pub", KEY_A.publicKeyPem()));
    create("switched", null);
    reconcile(reconciler, "switched");
    assertThat(status("switched").getCodeModules().getVerification()).isNotNull();

    client.resources(DynaKube.class).inNamespace(NS).withName("switched").edit(d -> {
      d.getMetadata().getAnnotations().put(FeatureFlag.SIGNATURE_VERIFICATION.key(), "off");
      return d;
    });
    reconcile(reconciler, "switched");

    assertThat(verifier.calls()).isEqualTo(1);
    assertThat(status("switched").getCodeModules().getVerification()).isNull();
    assertThat(condition(status("switched"), "CodeModulesSignature")).isNull();
  }

  @Test
  void noUsableKeyIsAVerificationErrorWithoutARegistryRequest() {
    DynaKubeReconciler reconciler = reconciler("enforce");
    keys(Map.of("key-0.pub", "not a key", "notes.txt", KEY_A.publicKeyPem()));
    create("nokeys", null);

    reconcile(reconciler, "nokeys");

    assertThat(verifier.calls()).isZero();
    VerificationStatus verification = status("nokeys").getCodeModules().getVerification();
    assertThat(verification.getState()).isEqualTo("VerificationError");
    assertThat(verification.getDigest()).isNull();
    assertThat(verification.getMessage()).isEqualTo(Messages.signatureNoKeys(NS, KEYS));
    assertThat(condition(status("nokeys"), "CodeModulesInjection").getStatus()).isEqualTo("False");
  }

  @Test
  void pullSecretsAreOfferedInKeychainOrder() {
    DynaKubeReconciler reconciler = reconciler("warn");
    keys(Map.of("key-0.pub", KEY_A.publicKeyPem()));
    DynaKube dk = Fixtures.dynaKube("dynakube-application-monitoring-codemodules-image");
    dk.getMetadata().setName("secrets");
    dk.getSpec().setCustomPullSecret("my-registry-secret");
    create(dk);

    reconcile(reconciler, "secrets");

    assertThat(verifier.accesses.get(0).pullSecrets()).extracting(s -> s.name())
        .containsExactly("my-registry-secret", "secrets-pull-secret");
  }

  private DynaKubeReconciler reconciler(String helmMode) {
    Map<String, String> env = new HashMap<>();
    env.put("AK_SIGNATURE_MODE", helmMode);
    return new DynaKubeReconciler(Fixtures.config(env), new ObjectWriter(client), new EventRecorder(client, clock),
        new OperatorMetrics(), new FakeTenantApi(), DynaKubeSteps.create(client, Arch.X86, verifier), clock);
  }

  private static void keys(Map<String, String> data) {
    MockCluster.configMap(client, KEYS, new HashMap<>(data));
  }

  private static void create(String name, String flag) {
    DynaKube dk = Fixtures.dynaKube("dynakube-application-monitoring-codemodules-image");
    dk.getMetadata().setName(name);
    if (flag != null) {
      dk.getMetadata().setAnnotations(new HashMap<>(Map.of(FeatureFlag.SIGNATURE_VERIFICATION.key(), flag)));
    } else {
      dk.getMetadata().setAnnotations(new HashMap<>());
    }
    create(dk);
  }

  private static void create(DynaKube dk) {
    dk.getMetadata().setUid(null);
    if (dk.getMetadata().getAnnotations() == null) {
      dk.getMetadata().setAnnotations(new HashMap<>());
    }
    MockCluster.secret(client, dk.getMetadata().getName(), "Opaque", Map.of(SecretKeys.API_TOKEN, "api-token"));
    client.resources(DynaKube.class).inNamespace(NS).resource(dk).create();
  }

  private static void reconcile(DynaKubeReconciler reconciler, String name) {
    reconciler.reconcile(client.resources(DynaKube.class).inNamespace(NS).withName(name).get(), null);
  }

  private static DynaKubeStatus status(String name) {
    return client.resources(DynaKube.class).inNamespace(NS).withName(name).get().getStatus();
  }

  private static Condition condition(DynaKubeStatus status, String type) {
    return status.getConditions().stream().filter(c -> c.getType().equals(type)).findFirst().orElse(null);
  }

  private static List<Event> events(String name) {
    return client.v1().events().inNamespace(NS).list().getItems().stream()
        .filter(e -> name.equals(e.getInvolvedObject().getName())).toList();
  }
}
