package com.astromkey.domain.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.astromkey.domain.dynakube.DynaKube;
import com.astromkey.domain.dynakube.spec.CloudNativeFullStackSpec;
import com.astromkey.domain.dynakube.spec.HostInjectSpec;
import com.astromkey.domain.dynakube.spec.OneAgentSpec;
import com.astromkey.domain.modules.ModulesConfig;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The acceptance scenarios of api-dynakube-v1beta5.md §8 and the behaviour of the validator as a whole. */
class DynaKubeValidatorTest {
  private static final String CLOUD_NATIVE = "dynakube-cloudnative-private-registry";
  private static final String APPLICATION_MONITORING = "dynakube-applicationmonitoring-private-registry";
  private static final String HEX = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

  private final DynaKubeValidator validator = new DynaKubeValidator();

  private static List<String> ids(List<Problem> problems) {
    return problems.stream().map(Problem::id).toList();
  }

  @ParameterizedTest
  @ValueSource(strings = {CLOUD_NATIVE, APPLICATION_MONITORING})
  void customerExamplesAreAdmittedWithOnlyTheMemoryLimitWarning(String example) {
    ValidationFixture fixture = ValidationFixture.load(example);

    ValidationResult online = fixture.validate();
    ValidationResult offline = validator.validate(fixture.dk(), null, ClusterView.offline(null, null));

    for (ValidationResult result : List.of(online, offline)) {
      assertThat(result.allowed()).isTrue();
      assertThat(result.errors()).isEmpty();
      assertThat(ids(result.warnings())).containsExactly("AKW-003");
    }
    assertThat(online.skippedRuleIds()).isEmpty();
    assertThat(offline.skippedRuleIds()).containsExactly("AKV-062", "AKV-070", "AKV-071", "AKW-016", "AKW-018");
  }

  @Test
  void versionNextToTheCloudNativeImagesAddsAkw001ForBothComponents() {
    ValidationFixture fixture = ValidationFixture.load(CLOUD_NATIVE);
    fixture.dk().getSpec().getOneAgent().getCloudNativeFullStack().setVersion("1.301.0.20240915-120000");

    ValidationResult result = fixture.validate();

    assertThat(result.allowed()).isTrue();
    assertThat(ids(result.warnings())).containsExactly("AKW-001", "AKW-003");
    assertThat(result.warnings().get(0).message()).isEqualTo("spec.oneAgent.cloudNativeFullStack.version is ignored for"
        + " the OneAgent and the code modules because image and codeModulesImage are set; the image tag decides the"
        + " version.");
  }

  @Test
  void versionNextToTheApplicationMonitoringImageAddsAkw001ForTheCodeModules() {
    ValidationFixture fixture = ValidationFixture.load(APPLICATION_MONITORING);
    fixture.dk().getSpec().getOneAgent().getApplicationMonitoring().setVersion("1.301.0.20240915-120000");

    ValidationResult result = fixture.validate();

    assertThat(ids(result.warnings())).containsExactly("AKW-001", "AKW-003");
    assertThat(result.warnings().get(0).message()).isEqualTo("spec.oneAgent.applicationMonitoring.version is ignored"
        + " for the code modules because codeModulesImage is set; the image tag decides the version.");
  }

  @Test
  void cloudNativeOnlyImageOrOnlyCodeModulesImageNamesThatComponent() {
    ValidationFixture fixture = ValidationFixture.load(CLOUD_NATIVE);
    CloudNativeFullStackSpec cloudNative = fixture.dk().getSpec().getOneAgent().getCloudNativeFullStack();
    cloudNative.setVersion("1.301.0.20240915-120000");

    cloudNative.setCodeModulesImage(null);
    assertThat(fixture.validate().warnings()).filteredOn(problem -> problem.id().equals("AKW-001"))
        .singleElement().extracting(Problem::message).asString()
        .contains("is ignored for the OneAgent because image is set");

    cloudNative.setCodeModulesImage("registry.my-company.com/astromkey/astromkey-codemodules:1.301.0");
    cloudNative.setImage(null);
    assertThat(fixture.validate().warnings()).filteredOn(problem -> problem.id().equals("AKW-001"))
        .singleElement().extracting(Problem::message).asString()
        .contains("is ignored for the code modules because codeModulesImage is set");
  }

  @Test
  void thePageSpellingAddsAkw017() {
    ValidationFixture fixture = ValidationFixture.load(CLOUD_NATIVE);
    OneAgentSpec oneAgent = fixture.dk().getSpec().getOneAgent();
    oneAgent.setCloudNativeFullstack(oneAgent.getCloudNativeFullStack());
    oneAgent.setCloudNativeFullStack(null);

    ValidationResult result = fixture.validate();

    assertThat(result.allowed()).isTrue();
    assertThat(ids(result.warnings())).containsExactly("AKW-003", "AKW-017");
    assertThat(result.warnings().get(1).message()).contains("spec.oneAgent.cloudNativeFullstack");
  }

  @ParameterizedTest
  @ValueSource(strings = {CLOUD_NATIVE, APPLICATION_MONITORING})
  void withoutAnyPullSecretAkw002IsAdded(String example) {
    ValidationFixture fixture = ValidationFixture.load(example);
    fixture.dk().getSpec().setCustomPullSecret(null);

    ValidationResult result = fixture.validate();

    assertThat(result.allowed()).isTrue();
    assertThat(ids(result.warnings())).containsExactly("AKW-002", "AKW-003");
    assertThat(result.warnings().get(0).message()).contains("codeModulesImage from registry.my-company.com itself",
        "create a docker-registry secret in 'astromkey'");

    fixture.view().helmPullSecret = "my-registry-secret";
    assertThat(ids(fixture.validate().warnings())).containsExactly("AKW-003");
  }

  @Test
  void codeModulesImageOnTheTenantRegistryNeedsNoPullSecretWarning() {
    ValidationFixture fixture = ValidationFixture.load(APPLICATION_MONITORING);
    fixture.dk().getSpec().setCustomPullSecret(null);
    fixture.dk().getSpec().getOneAgent().getApplicationMonitoring()
        .setCodeModulesImage("abc12345.live.astromkey.com/linux/codemodules:1.301.0");

    assertThat(ids(fixture.validate().warnings())).doesNotContain("AKW-002");
  }

  @Test
  void threeErrorsAreDeniedWithThreeNumberedLines() {
    ValidationResult result = ValidationFixture.load("dynakube-three-errors").validate();

    assertThat(result.allowed()).isFalse();
    String[] lines = result.deniedMessage("astromkey", "dynakube-with-a-name-that-is-far-too-long").split("\n");
    assertThat(lines).hasSize(4);
    assertThat(lines[0]).isEqualTo("DynaKube astromkey/dynakube-with-a-name-that-is-far-too-long is invalid (3 problem(s)):");
    assertThat(lines[1]).startsWith("  1. [AKV-010] spec.apiUrl is empty or still contains the placeholder ENVIRONMENTID.");
    assertThat(lines[2]).startsWith("  2. [AKV-020] metadata.name 'dynakube-with-a-name-that-is-far-too-long' is 41"
        + " characters long");
    assertThat(lines[3]).startsWith("  3. [AKV-050] spec.activeGate.capabilities contains 'teleport'");
  }

  @Test
  void apiUrlUpdateMayAddThePortButNotChangeTheTenant() {
    DynaKube old = hostMonitoring("dynakube", Map.of());
    old.getSpec().setApiUrl("https://abc.live.astromkey.com/api");
    FakeClusterView view = new FakeClusterView();

    DynaKube samePort = hostMonitoring("dynakube", Map.of());
    samePort.getSpec().setApiUrl("https://abc.live.astromkey.com:443/api");
    assertThat(validator.validate(samePort, old, view).allowed()).isTrue();

    DynaKube otherTenant = hostMonitoring("dynakube", Map.of());
    otherTenant.getSpec().setApiUrl("https://xyz.live.astromkey.com/api");
    ValidationResult denied = validator.validate(otherTenant, old, view);
    assertThat(ids(denied.errors())).containsExactly("AKV-013");
    assertThat(denied.errors().get(0).message()).contains("('abc' → 'xyz')");

    assertThat(validator.validate(otherTenant, null, view).allowed()).as("CREATE has no old tenant").isTrue();
  }

  @Test
  void managedUrlsCompareTheEnvironmentId() {
    DynaKube old = hostMonitoring("dynakube", Map.of());
    old.getSpec().setApiUrl("https://managed.example.com/e/env1/api");
    DynaKube updated = hostMonitoring("dynakube", Map.of());
    updated.getSpec().setApiUrl("https://managed.example.com/e/env2/api");

    assertThat(ids(validator.validate(updated, old, new FakeClusterView()).errors())).containsExactly("AKV-013");
  }

  @Test
  void oneAgentPerNodeFollowsTheNodeSelectorsOfSection8() {
    FakeClusterView view = new FakeClusterView();
    view.dynaKubes.add(hostMonitoring("first", Map.of("pool", "a")));

    DynaKube overlapping = cloudNative("second", Map.of("pool", "a", "zone", "x"));
    ValidationResult denied = validator.validate(overlapping, null, view);
    assertThat(ids(denied.errors())).containsExactly("AKV-070");
    assertThat(denied.errors().get(0).message()).startsWith("spec.oneAgent.cloudNativeFullStack would place a second"
        + " OneAgent on nodes already covered by DynaKube(s) 'first'.");

    DynaKube disjoint = cloudNative("second", Map.of("pool", "b"));
    assertThat(validator.validate(disjoint, null, view).allowed()).isTrue();

    DynaKube everywhere = cloudNative("second", Map.of());
    assertThat(ids(validator.validate(everywhere, null, view).errors())).containsExactly("AKV-070");
  }

  @Test
  void theStoredVersionOfTheSameDynaKubeIsNoConflict() {
    FakeClusterView view = new FakeClusterView();
    view.dynaKubes.add(hostMonitoring("dynakube", Map.of()));

    DynaKube updated = hostMonitoring("dynakube", Map.of("pool", "a"));
    assertThat(validator.validate(updated, view.dynaKubes.get(0), view).allowed()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"registry.my-company.com:5000/a/b/c:1.0@sha256:" + HEX})
  void section8CodeModulesImageIsAccepted(String image) {
    DynaKube dk = cloudNative("dynakube", Map.of());
    dk.getSpec().getOneAgent().getCloudNativeFullStack().setCodeModulesImage(image);
    dk.getSpec().setCustomPullSecret("my-registry-secret");

    ValidationResult result = validator.validate(dk, null, ClusterView.offline(null, null));

    assertThat(result.allowed()).isTrue();
    assertThat(result.warnings()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"Registry.example/UPPER:tag", ":tag", "repo@sha256:abc"})
  void section8CodeModulesImagesAreRejected(String image) {
    DynaKube dk = cloudNative("dynakube", Map.of());
    dk.getSpec().getOneAgent().getCloudNativeFullStack().setCodeModulesImage(image);

    ValidationResult result = validator.validate(dk, null, ClusterView.offline(null, null));

    assertThat(ids(result.errors())).containsExactly("AKV-030");
    assertThat(result.errors().get(0).message())
        .startsWith("spec.oneAgent.cloudNativeFullStack.codeModulesImage '" + image + "' is not a valid image reference (")
        .endsWith("Expected [registry[:port]/]repository[:tag][@sha256:<digest>], e.g."
            + " registry.my-company.com/astromkey/astromkey-oneagent:1.301.0.");
  }

  @Test
  void offlineViewSkipsTheClusterRulesAndReportsThem() {
    DynaKube dk = cloudNative("dynakube", Map.of());
    dk.getSpec().setCustomPullSecret("missing-secret");

    ValidationResult offline = validator.validate(dk, null,
        ClusterView.offline(ModulesConfig.parse("{\"csiDriver\":false}"), "helm-secret"));
    ValidationResult online = validator.validate(dk, null, new FakeClusterView());

    assertThat(offline.skippedRuleIds()).containsExactly("AKV-062", "AKV-070", "AKV-071", "AKW-016", "AKW-018");
    assertThat(ids(offline.warnings())).doesNotContain("AKW-016");
    assertThat(online.skippedRuleIds()).isEmpty();
    assertThat(ids(online.warnings())).contains("AKW-016");
  }

  @Test
  void aFailingRuleBecomesAkw000AndTheOthersStillRun() {
    ValidationRule broken = new ValidationRule() {
      @Override
      public List<String> ids() {
        return List.of("AKV-999");
      }

      @Override
      public List<Problem> check(ValidationContext context) {
        throw new IllegalStateException("boom");
      }
    };
    DynaKubeValidator withBrokenRule = new DynaKubeValidator(List.of(broken, new com.astromkey.domain.validation.rules.NameRule()));
    DynaKube dk = hostMonitoring("Bad_Name", Map.of());

    ValidationResult result = withBrokenRule.validate(dk, null, new FakeClusterView());

    assertThat(ids(result.errors())).containsExactly("AKV-021");
    assertThat(result.warningMessages()).containsExactly(
        "[AKW-000] Validation rule AKV-999 could not run: IllegalStateException: boom");
    assertThat(result.ruleFailures()).singleElement()
        .satisfies(failure -> assertThat(failure.cause()).hasMessage("boom"));
  }

  @Test
  void aDynaKubeWithoutSpecPartsDoesNotBreakAnyRule() {
    DynaKube dk = new DynaKube();
    dk.setMetadata(new ObjectMetaBuilder().withName("dynakube").withNamespace("astromkey").build());
    dk.setSpec(null);

    ValidationResult result = validator.validate(dk, dk, new FakeClusterView());

    assertThat(ids(result.errors())).containsExactly("AKV-010");
    assertThat(result.ruleFailures()).isEmpty();
  }

  private static DynaKube dynaKube(String name) {
    DynaKube dk = new DynaKube();
    dk.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("astromkey").build());
    dk.getSpec().setApiUrl("https://abc12345.live.astromkey.com/api");
    dk.getSpec().setOneAgent(new OneAgentSpec());
    return dk;
  }

  private static DynaKube hostMonitoring(String name, Map<String, String> nodeSelector) {
    DynaKube dk = dynaKube(name);
    HostInjectSpec host = new HostInjectSpec();
    host.setNodeSelector(nodeSelector);
    dk.getSpec().getOneAgent().setHostMonitoring(host);
    return dk;
  }

  private static DynaKube cloudNative(String name, Map<String, String> nodeSelector) {
    DynaKube dk = dynaKube(name);
    CloudNativeFullStackSpec cloudNative = new CloudNativeFullStackSpec();
    cloudNative.setNodeSelector(nodeSelector);
    dk.getSpec().getOneAgent().setCloudNativeFullStack(cloudNative);
    return dk;
  }
}
