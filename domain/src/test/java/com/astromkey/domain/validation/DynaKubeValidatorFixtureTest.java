package com.astromkey.domain.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** One fixture per rule that triggers it and one that does not; the ID comes from the fixture name. */
class DynaKubeValidatorFixtureTest {
  private static final String NOT = null;

  /** Fixture, and for triggering fixtures the field or key the message must name ({@code NOT} = must not trigger). */
  static Stream<Arguments> fixtures() {
    return Stream.of(
        Arguments.of("akv-001-several-modes", "spec.oneAgent configures several modes at once (classicFullStack, hostMonitoring)"),
        Arguments.of("akv-001-single-mode", NOT),
        Arguments.of("akv-002-oneagent-module-disabled", "spec.oneAgent.hostMonitoring needs the operator component 'oneAgent'"),
        Arguments.of("akv-002-activegate-module-disabled", "spec.activeGate.capabilities needs the operator component 'activeGate'"),
        Arguments.of("akv-002-modules-installed", NOT),
        Arguments.of("akv-003-both-spellings", "spec.oneAgent sets both cloudNativeFullStack and cloudNativeFullstack"),
        Arguments.of("akv-003-canonical-spelling", NOT),
        Arguments.of("akv-010-placeholder", "spec.apiUrl"),
        Arguments.of("akv-010-empty", "spec.apiUrl"),
        Arguments.of("akv-010-filled-in", NOT),
        Arguments.of("akv-011-path-without-api", "spec.apiUrl 'https://abc12345.live.astromkey.com/' is not a tenant API address (path does not end in /api)"),
        Arguments.of("akv-011-not-http", "spec.apiUrl 'ftp://abc12345.live.astromkey.com/api' is not a tenant API address (not an absolute http or https URL)"),
        Arguments.of("akv-011-managed-url", NOT),
        Arguments.of("akv-012-apps-host", "spec.apiUrl 'https://abc12345.apps.astromkey.com/api' points at the apps UI host"),
        Arguments.of("akv-012-api-host", NOT),
        Arguments.of("akv-013-tenant-changed", "spec.apiUrl may not move this DynaKube to another tenant ('abc' → 'xyz')"),
        Arguments.of("akv-013-port-added", NOT),
        Arguments.of("akv-020-long-name", "metadata.name '" + "a".repeat(41) + "' is 41 characters long"),
        Arguments.of("akv-020-forty-characters", NOT),
        Arguments.of("akv-021-upper-case-name", "metadata.name 'My-DynaKube'"),
        Arguments.of("akv-021-dns-label", NOT),
        Arguments.of("akv-030-invalid-code-modules-image", "spec.oneAgent.cloudNativeFullStack.codeModulesImage 'Registry.example/UPPER:tag' is not a valid image reference (repository path must be lower-case)"),
        Arguments.of("akv-030-invalid-activegate-image", "spec.activeGate.image"),
        Arguments.of("akv-030-valid-images", NOT),
        Arguments.of("akv-032-short-version", "spec.oneAgent.hostMonitoring.version '1.301.0'"),
        Arguments.of("akv-032-full-version", NOT),
        Arguments.of("akv-040-duplicate-arg", "spec.oneAgent.classicFullStack.args contains '--set-server' more than once"),
        Arguments.of("akv-040-repeatable-args", NOT),
        Arguments.of("akv-041-duplicate-host-tag", "spec.oneAgent.classicFullStack.args sets host tag(s) 'team=shop' more than once"),
        Arguments.of("akv-041-distinct-host-tags", NOT),
        Arguments.of("akv-042-host-id-source-cloud-native", "spec.oneAgent.cloudNativeFullStack.args may not contain --set-host-id-source"),
        Arguments.of("akv-042-host-id-source-classic", NOT),
        Arguments.of("akv-043-arg-with-line-break", "spec.oneAgent.classicFullStack.args[0]"),
        Arguments.of("akv-043-single-line-args", NOT),
        Arguments.of("akv-044-host-group-control-character", "spec.oneAgent.hostGroup contains a control character"),
        Arguments.of("akv-044-plain-host-group", NOT),
        Arguments.of("akv-045-network-zone-control-character", "spec.networkZone"),
        Arguments.of("akv-045-plain-network-zone", NOT),
        Arguments.of("akv-046-no-proxy-control-character", "Annotation feature.astromkey.com/no-proxy"),
        Arguments.of("akv-046-plain-no-proxy", NOT),
        Arguments.of("akv-050-unknown-capability", "spec.activeGate.capabilities contains 'dynatrace-api'"),
        Arguments.of("akv-050-known-capabilities", NOT),
        Arguments.of("akv-051-duplicate-capability", "spec.activeGate.capabilities lists 'routing' more than once"),
        Arguments.of("akv-051-unique-capabilities", NOT),
        Arguments.of("akv-060-proxy-without-scheme", "spec.proxy does not contain a valid proxy URL (missing http:// or https:// scheme)"),
        Arguments.of("akv-060-valid-proxy", NOT),
        Arguments.of("akv-060-proxy-secret-without-scheme", "spec.proxy does not contain a valid proxy URL (missing http:// or https:// scheme)"),
        Arguments.of("akv-061-proxy-password-with-comma", "The password in spec.proxy"),
        Arguments.of("akv-061-plain-proxy-password", NOT),
        Arguments.of("akv-061-proxy-secret-password-with-percent", "The password in spec.proxy"),
        Arguments.of("akv-062-proxy-secret-missing", "spec.proxy.valueFrom refers to secret 'my-proxy' in namespace 'astromkey'"),
        Arguments.of("akv-062-proxy-secret-present", NOT),
        Arguments.of("akv-070-overlapping-node-selectors", "spec.oneAgent.cloudNativeFullStack would place a second OneAgent on nodes already covered by DynaKube(s) 'first'"),
        Arguments.of("akv-070-disjoint-node-selectors", NOT),
        Arguments.of("akv-071-shared-namespace", "spec.oneAgent.cloudNativeFullStack.namespaceSelector selects namespace(s) shop that DynaKube 'other' already injects into"),
        Arguments.of("akv-071-disjoint-namespaces", NOT),
        Arguments.of("akv-072-invalid-namespace-selector", "spec.oneAgent.applicationMonitoring.namespaceSelector is not a valid label selector: matchExpressions[0].operator 'Equals' is not one of In, NotIn, Exists, DoesNotExist."),
        Arguments.of("akv-072-valid-namespace-selector", NOT),
        Arguments.of("akv-080-node-image-pull-without-image", "spec.oneAgent.applicationMonitoring.codeModulesImage is empty"),
        Arguments.of("akv-080-node-image-pull-with-image", NOT),
        Arguments.of("akv-081-volume-storage-disabled", "spec.oneAgent.cloudNativeFullStack.env sets ONEAGENT_ENABLE_VOLUME_STORAGE=false"),
        Arguments.of("akv-081-volume-storage-classic", NOT),
        Arguments.of("akw-001-version-with-image", "spec.oneAgent.hostMonitoring.version is ignored for the OneAgent because image is set"),
        Arguments.of("akw-001-version-without-image", NOT),
        Arguments.of("akw-002-code-modules-image-without-pull-secret", "spec.customPullSecret is empty, but the CSI driver pulls spec.oneAgent.cloudNativeFullStack.codeModulesImage from registry.my-company.com itself"),
        Arguments.of("akw-002-code-modules-image-helm-pull-secret", NOT),
        Arguments.of("akw-003-activegate-without-memory-limit", "spec.activeGate.resources has no memory limit"),
        Arguments.of("akw-003-activegate-with-memory-limit", NOT),
        Arguments.of("akw-004-set-host-group-arg", "spec.oneAgent.classicFullStack.args uses --set-host-group"),
        Arguments.of("akw-004-host-group-field", NOT),
        Arguments.of("akw-005-auto-update-set", "spec.oneAgent.classicFullStack.autoUpdate is deprecated"),
        Arguments.of("akw-005-auto-update-unset", NOT),
        Arguments.of("akw-006-unknown-feature-flag", "Unknown feature flag(s) feature.astromkey.com/made-up are ignored"),
        Arguments.of("akw-006-known-feature-flag", NOT),
        Arguments.of("akw-007-deprecated-feature-flag", "Feature flag(s) feature.astromkey.com/max-csi-mount-attempts are deprecated and have no effect; use feature.astromkey.com/max-csi-mount-timeout instead."),
        Arguments.of("akw-007-supported-feature-flag", NOT),
        Arguments.of("akw-008-feature-flag-value-not-understood", "Feature flag feature.astromkey.com/automatic-injection has the value 'maybe', which is not understood; the default 'true' is used."),
        Arguments.of("akw-008-feature-flag-value-understood", NOT),
        Arguments.of("akw-009-node-image-pull-without-csi", "Annotation feature.astromkey.com/node-image-pull has no effect because the CSI driver is not installed; pods will use codeModulesImage as init container."),
        Arguments.of("akw-009-node-image-pull-with-csi", NOT),
        Arguments.of("akw-010-installer-env", "spec.oneAgent.hostMonitoring.env sets ONEAGENT_INSTALLER_SCRIPT_URL/ONEAGENT_INSTALLER_TOKEN"),
        Arguments.of("akw-010-agent-env", NOT),
        Arguments.of("akw-011-image-without-registry", "spec.oneAgent.hostMonitoring.image 'astromkey/astromkey-oneagent:1.301.0' names no registry, so it resolves to docker.io/astromkey/astromkey-oneagent:1.301.0"),
        Arguments.of("akw-011-image-with-registry", NOT),
        Arguments.of("akw-012-later-section", "spec.logMonitoring is not supported by this operator version"),
        Arguments.of("akw-012-later-feature-flag", "Annotation feature.astromkey.com/use-public-registry is not supported by this operator version"),
        Arguments.of("akw-012-no-later-feature", NOT),
        Arguments.of("akw-013-skip-cert-check", "spec.skipCertCheck"),
        Arguments.of("akw-013-cert-check", NOT),
        Arguments.of("akw-015-code-modules-image-without-csi", "spec.oneAgent.applicationMonitoring.codeModulesImage will run as init container image"),
        Arguments.of("akw-015-code-modules-image-with-csi", NOT),
        Arguments.of("akw-016-custom-pull-secret-missing", "Secret astromkey/my-registry-secret named by spec.customPullSecret does not exist"),
        Arguments.of("akw-016-custom-pull-secret-legacy-type", "Secret astromkey/my-registry-secret named by spec.customPullSecret has the legacy type kubernetes.io/dockercfg"),
        Arguments.of("akw-016-custom-pull-secret-present", NOT),
        Arguments.of("akw-017-alias-spelling", "spec.oneAgent.cloudNativeFullstack is accepted as an alias"),
        Arguments.of("akw-017-canonical-spelling", NOT),
        Arguments.of("akw-018-tokens-without-paas-token", "The tokens secret 'dynakube' has no paasToken"),
        Arguments.of("akw-018-tokens-with-paas-token", NOT));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fixtures")
  void reportsTheRuleOfTheFixtureOnlyWhenTriggered(String fixture, String namedInMessage) {
    String id = fixture.substring(0, 7).toUpperCase();
    ValidationResult result = ValidationFixture.load(fixture).validate();
    List<Problem> all = Stream.concat(result.errors().stream(), result.warnings().stream()).toList();
    List<Problem> ofRule = all.stream().filter(problem -> problem.id().equals(id)).toList();

    if (namedInMessage == NOT) {
      assertThat(ofRule).as("problems of %s", id).isEmpty();
      assertThat(result.errors()).as("a fixture that does not trigger its rule is otherwise valid").isEmpty();
    } else {
      assertThat(ofRule).as("problems of %s among %s", id, all).singleElement()
          .satisfies(problem -> assertThat(problem.message()).contains(namedInMessage));
      assertThat(result.allowed()).isEqualTo(id.startsWith("AKW"));
    }
    assertThat(all).extracting(Problem::id).doesNotContain(DynaKubeValidator.RULE_FAILURE_ID);
  }

  @Test
  void everyFixtureFileIsInTheTable() throws IOException, URISyntaxException {
    Path directory = Path.of(getClass().getResource("/validation").toURI());
    Set<String> files;
    try (Stream<Path> paths = Files.list(directory)) {
      files = paths.map(path -> path.getFileName().toString())
          .filter(name -> name.matches("ak[vw]-\\d{3}-.*\\.yaml"))
          .map(name -> name.substring(0, name.length() - ".yaml".length()))
          .collect(Collectors.toSet());
    }
    Set<String> listed = fixtures().map(arguments -> (String) arguments.get()[0]).collect(Collectors.toSet());
    assertThat(files).isEqualTo(listed);
  }

  @Test
  void everyRuleIdHasATriggeringAndANonTriggeringFixture() {
    Set<String> ruleIds = new DynaKubeValidator().rules().stream()
        .flatMap(rule -> rule.ids().stream()).collect(Collectors.toSet());
    Set<String> triggered = fixtures().filter(arguments -> arguments.get()[1] != NOT)
        .map(arguments -> ((String) arguments.get()[0]).substring(0, 7).toUpperCase()).collect(Collectors.toSet());
    Set<String> notTriggered = fixtures().filter(arguments -> arguments.get()[1] == NOT)
        .map(arguments -> ((String) arguments.get()[0]).substring(0, 7).toUpperCase()).collect(Collectors.toSet());

    assertThat(triggered).isEqualTo(ruleIds);
    assertThat(notTriggered).isEqualTo(ruleIds);
  }
}
