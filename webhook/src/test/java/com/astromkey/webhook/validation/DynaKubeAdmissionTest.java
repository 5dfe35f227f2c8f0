package com.astromkey.webhook.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.astromkey.domain.dynakube.DynaKube;
import com.astromkey.domain.modules.ModulesConfig;
import com.astromkey.domain.validation.DynaKubeValidator;
import com.astromkey.domain.validation.Problem;
import com.astromkey.domain.validation.ValidationContext;
import com.astromkey.domain.validation.ValidationRule;
import com.astromkey.webhook.admission.AdmissionRequest;
import com.astromkey.webhook.admission.AdmissionResponse;
import com.astromkey.webhook.admission.AdmissionReviews;
import com.astromkey.webhook.cache.CachedClusterView;
import com.astromkey.webhook.fixture.ClusterFixture;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The validating endpoint answers in the §7.3 format with a cache-backed view. */
class DynaKubeAdmissionTest {
  @Test
  void customerExampleIsAdmittedWithTheMemoryLimitWarning() {
    ClusterFixture fixture = ClusterFixture.load("dynakube/dynakube-customer-page.yaml");

    AdmissionResponse response = admission(fixture, new DynaKubeValidator()).handle(create(fixture.dk()));

    assertThat(response.allowed()).isTrue();
    assertThat(response.warnings()).singleElement().asString().startsWith("[AKW-003] spec.activeGate.resources");
  }

  @Test
  void missingCustomPullSecretInTheCacheWarns() {
    ClusterFixture fixture = ClusterFixture.load("dynakube/dynakube-customer-page.yaml");
    fixture.secrets.clear();

    AdmissionResponse response = admission(fixture, new DynaKubeValidator()).handle(create(fixture.dk()));

    assertThat(response.warnings()).anySatisfy(w -> assertThat(w).startsWith("[AKW-016] Secret astromkey/my-registry-secret"));
  }

  @Test
  void threeErrorsAreDeniedWithTheNumberedMessage() {
    ClusterFixture fixture = ClusterFixture.load("dynakube/dynakube-three-errors.yaml");

    AdmissionResponse response = admission(fixture, new DynaKubeValidator()).handle(create(fixture.dk()));

    assertThat(response.allowed()).isFalse();
    assertThat(response.statusCode()).isEqualTo(422);
    assertThat(response.statusReason()).isEqualTo("Invalid");
    String[] lines = response.statusMessage().split("\n");
    assertThat(lines[0]).isEqualTo("DynaKube astromkey/broken is invalid (3 problem(s)):");
    assertThat(lines).hasSize(4);
    assertThat(lines[1]).startsWith("  1. [AKV-010] ");
    assertThat(lines[2]).startsWith("  2. [AKV-030] ");
    assertThat(lines[3]).startsWith("  3. [AKV-050] ");
  }

  @Test
  void updateToAnotherTenantIsDenied() {
    ClusterFixture fixture = ClusterFixture.load("dynakube/dynakube-customer-page.yaml");
    DynaKube old = fixture.dk();
    DynaKube moved = AdmissionReviews.JSON.convertValue(AdmissionReviews.JSON.valueToTree(old), DynaKube.class);
    moved.getSpec().setApiUrl("https://xyz98765.live.astromkey.com/api");

    AdmissionResponse response = admission(fixture, new DynaKubeValidator()).handle(new AdmissionRequest("u", "DynaKube",
        "UPDATE", "astromkey", "dynakube", "alice", false, AdmissionReviews.JSON.valueToTree(moved),
        AdmissionReviews.JSON.valueToTree(old)));

    assertThat(response.allowed()).isFalse();
    assertThat(response.statusMessage()).contains("[AKV-013]");
  }

  @Test
  void aFailingRuleBecomesWarningAkw000AndTheOthersStillRun() {
    ClusterFixture fixture = ClusterFixture.load("dynakube/dynakube-customer-page.yaml");
    List<ValidationRule> rules = new ArrayList<>(new DynaKubeValidator().rules());
    rules.add(new ValidationRule() {
      @Override
      public List<String> ids() {
        return List.of("AKV-999");
      }

      @Override
      public List<Problem> check(ValidationContext context) {
        throw new IllegalStateException("forced");
      }
    });

    AdmissionResponse response = admission(fixture, new DynaKubeValidator(rules)).handle(create(fixture.dk()));

    assertThat(response.allowed()).isTrue();
    assertThat(response.warnings()).contains("[AKW-000] Validation rule AKV-999 could not run: IllegalStateException: forced");
    assertThat(response.warnings()).anySatisfy(w -> assertThat(w).startsWith("[AKW-003]"));
  }

  @Test
  void warningsAreCutTo256CharactersAndAtMost20() {
    ClusterFixture fixture = ClusterFixture.load("dynakube/dynakube-customer-page.yaml");
    List<ValidationRule> rules = List.of(new ValidationRule() {
      @Override
      public List<String> ids() {
        return List.of("AKW-900");
      }

      @Override
      public List<Problem> check(ValidationContext context) {
        List<Problem> many = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
          many.add(new Problem("AKW-900", "x".repeat(400)));
        }
        return many;
      }
    });

    AdmissionResponse response = admission(fixture, new DynaKubeValidator(rules)).handle(create(fixture.dk()));

    assertThat(response.warnings()).hasSize(20).allSatisfy(w -> assertThat(w).hasSize(256).endsWith("..."));
  }

  @Test
  void dynaKubeOutsideTheOperatorNamespaceSeesNoOtherDynaKubes() {
    ClusterFixture fixture = ClusterFixture.load("dynakube/dynakube-customer-page.yaml");
    DynaKube elsewhere = AdmissionReviews.JSON.convertValue(AdmissionReviews.JSON.valueToTree(fixture.dk()), DynaKube.class);
    elsewhere.getMetadata().setNamespace("other");
    elsewhere.getMetadata().setName("second");

    AdmissionResponse response = admission(fixture, new DynaKubeValidator()).handle(create(elsewhere));

    assertThat(response.allowed()).as("no AKV-070 against the operator namespace's DynaKube").isTrue();
  }

  private static DynaKubeAdmission admission(ClusterFixture fixture, DynaKubeValidator validator) {
    CachedClusterView view = new CachedClusterView(ModulesConfig.allInstalled(), "", () -> List.copyOf(
        fixture.dynaKubes.values()), () -> List.copyOf(fixture.namespaces.values()), fixture);
    return new DynaKubeAdmission(validator, ClusterFixture.OPERATOR_NAMESPACE, view, view.foreignNamespace());
  }

  private static AdmissionRequest create(DynaKube dk) {
    return new AdmissionRequest("u", "DynaKube", "CREATE", dk.getMetadata().getNamespace(), dk.getMetadata().getName(), "alice",
        false, AdmissionReviews.JSON.valueToTree(dk), null);
  }
}
