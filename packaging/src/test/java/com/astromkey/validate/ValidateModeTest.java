package com.astromkey.validate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The offline validate mode: the customer examples, errors, and one clear line per input problem (api-dynakube-v1beta5.md §7.4). */
class ValidateModeTest {
  static final Path EXAMPLES = Path.of("../docs/examples");
  static final Path FIXTURES = Path.of("src/test/resources/validate");
  static final String VERSION_LINE = "version: 1.301.0.20240915-120000";

  final ByteArrayOutputStream out = new ByteArrayOutputStream();
  final ByteArrayOutputStream err = new ByteArrayOutputStream();
  @TempDir Path tmp;

  int validate(String... args) {
    return new ValidateMode().run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  String out() { return out.toString(StandardCharsets.UTF_8); }
  String err() { return err.toString(StandardCharsets.UTF_8); }

  @ParameterizedTest
  @CsvSource({"dynakube-cloudnative-private-registry.yaml", "dynakube-appmonitoring-private-registry.yaml"})
  void customerExamplesAreValidWithOnlyTheActiveGateMemoryAdvice(String example) {
    assertThat(validate("-f", EXAMPLES.resolve(example).toString())).isZero();
    assertThat(out()).contains("DynaKube astromkey/dynakube is valid (1 warning(s)).");
    assertThat(out().lines().filter(l -> l.startsWith("[AKW-"))).singleElement().asString().startsWith("[AKW-003]");
    assertThat(out()).contains("note: skipped rules that need a cluster: ");
    assertThat(err()).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({
      "dynakube-cloudnative-private-registry.yaml, cloudNativeFullStack, the OneAgent and the code modules",
      "dynakube-appmonitoring-private-registry.yaml, applicationMonitoring, the code modules"})
  void addingVersionWarnsThatItHasNoEffect(String example, String mode, String component) throws IOException {
    Path file = withVersion(EXAMPLES.resolve(example));
    assertThat(validate("-f", file.toString())).isZero();
    assertThat(out()).contains("[AKW-001] spec.oneAgent." + mode + ".version is ignored for " + component);
    assertThat(out()).contains("[AKW-003]");
  }

  @Test
  void errorsExitOneWithTheNumberedDenialMessage() {
    assertThat(validate("-f", FIXTURES.resolve("invalid-apiurl-and-modes.yaml").toString())).isEqualTo(1);
    assertThat(out()).contains("DynaKube astromkey/dynakube is invalid (2 problem(s)):")
        .contains("  1. [AKV-001] spec.oneAgent configures several modes at once")
        .contains("  2. [AKV-010] spec.apiUrl is empty or still contains the placeholder ENVIRONMENTID");
  }

  @Test
  void everyDocumentOfAFileIsValidated() {
    assertThat(validate("--file=" + FIXTURES.resolve("two-valid-documents.yaml"))).isZero();
    assertThat(out()).contains("DynaKube astromkey/first is valid").contains("DynaKube astromkey/second is valid");
  }

  @Test
  void modulesJsonAndHelmPullSecretReachTheRules() throws IOException {
    Path noSecret = tmp.resolve("no-secret.yaml");
    Files.writeString(noSecret, Files.readString(EXAMPLES.resolve("dynakube-cloudnative-private-registry.yaml"))
        .replace("  customPullSecret: my-registry-secret\n", ""));
    assertThat(validate("-f", noSecret.toString())).isZero();
    assertThat(out()).contains("[AKW-002]");
    out.reset();
    assertThat(validate("-f", noSecret.toString(), "--helm-pull-secret", "my-registry-secret")).isZero();
    assertThat(out()).doesNotContain("[AKW-002]");
    out.reset();
    assertThat(validate("-f", noSecret.toString(), "--modules-json", "{\"activeGate\":false}")).isEqualTo(1);
    assertThat(out()).contains("[AKV-002]");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "does-not-exist.yaml | file not found",
      "not-yaml.yaml | not valid YAML (line ",
      "another-kind.yaml | is a ConfigMap, not a DynaKube",
      "unknown-field.yaml | unknown field spec.oneAgent.cloudNativeFullStack.imag",
      "wrong-type.yaml | field spec.astromkeyApiRequestThreshold has the value 'often', expected an integer"})
  void badInputGivesOneLineNamingFileAndProblem(String fixture, String problem) {
    Path file = FIXTURES.resolve(fixture);
    assertThat(validate("-f", file.toString())).isEqualTo(1);
    assertThat(err()).startsWith(file + ": ").contains(problem);
    assertThat(err().lines()).hasSize(1);
    assertThat(err()).doesNotContain("Exception").doesNotContain("\tat ");
  }

  @Test
  void usageProblemsExitTwo() {
    assertThat(validate()).isEqualTo(2);
    assertThat(err()).contains("-f <file> is required");
    err.reset();
    assertThat(validate("-f")).isEqualTo(2);
    assertThat(validate("--bogus")).isEqualTo(2);
    assertThat(validate("--help")).isZero();
    assertThat(out()).contains("Usage: astromkey-operator validate");
  }

  @Test
  void badModulesJsonIsAUsageError() {
    assertThat(validate("-f", EXAMPLES.resolve("dynakube-cloudnative-private-registry.yaml").toString(), "--modules-json", "{nope")).isEqualTo(2);
    assertThat(err()).startsWith("validate: --modules-json: ");
  }

  private Path withVersion(Path example) throws IOException {
    Path file = tmp.resolve(example.getFileName());
    Files.writeString(file, Files.readString(example).replaceFirst("# version: has no effect.*", VERSION_LINE));
    return file;
  }
}
