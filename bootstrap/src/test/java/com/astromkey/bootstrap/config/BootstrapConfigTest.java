package com.astromkey.bootstrap.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.astromkey.bootstrap.outcome.BootstrapException;
import com.astromkey.bootstrap.outcome.ExitCode;
import com.astromkey.domain.codemodules.CodeModulesFlavor;
import com.astromkey.domain.names.BootstrapFlags;
import com.astromkey.domain.names.EnvVars;
import com.astromkey.domain.names.PathNames;
import com.astromkey.tenant.Arch;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Flag parsing and validation of bootstrap.md §1, including the exact args the webhook writes. */
class BootstrapConfigTest {
  private static final Map<String, String> AMD64 = Map.of(EnvVars.AK_PLATFORM, "linux/amd64");

  private static BootstrapConfig parse(String... args) {
    return BootstrapConfig.from(args, AMD64);
  }

  private static void assertInvalid(String expectedMessagePart, String... args) {
    assertThatThrownBy(() -> parse(args))
        .isInstanceOfSatisfying(BootstrapException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.INVALID_FLAGS))
        .hasMessageContaining(expectedMessagePart);
  }

  @Test
  void defaultsFollowTheFlagTable() {
    BootstrapConfig config = parse();

    assertThat(config.source()).isEqualTo(Path.of(PathNames.CODE_MODULES_SOURCE));
    assertThat(config.target()).isEqualTo(Path.of("/mnt/bin"));
    assertThat(config.work()).isEqualTo(Path.of("/mnt/bin/.ak-work"));
    assertThat(config.installPath()).isEqualTo("/opt/astromkey/oneagent-paas");
    assertThat(config.configures()).isFalse();
    assertThat(config.allTechnologies()).isTrue();
    assertThat(config.zipMode()).isFalse();
    assertThat(config.flavor()).isEqualTo(CodeModulesFlavor.MULTIDISTRO);
    assertThat(config.terminationLog()).isEqualTo(Path.of("/dev/termination-log"));
    assertThat(config.suppressError()).isFalse();
    assertThat(config.arch()).isEqualTo(Arch.X86);
  }

  @Test
  void parsesTheArgsTheWebhookWrites() {
    // the exact shape of InitContainerFactory.args() for a zip delivery with every conditional flag
    BootstrapConfig config = parse(
        "--source=/opt/astromkey/oneagent", "--target=/mnt/bin", "--install-path=/opt/custom",
        "--config-directory=/mnt/config", "--input-directory=/mnt/input",
        "--attribute-container={\"k8s.container.name\":\"app\",\"container_image.registry\":\"docker.io\","
            + "\"container_image.repository\":\"library/nginx\",\"container_image.tags\":\"1.27\"}",
        "--attribute=k8s.pod.name=web-1", "--attribute=k8s.pod.uid=uid-1", "--attribute=k8s.namespace.name=shop",
        "--attribute=k8s.node.name=node-1", "--attribute=k8s.cluster.uid=cluster-1",
        "--suppress-error", "--fullstack", "--tenant=abc12345", "--technology=java,nodejs",
        "--url=https://abc12345.live.astromkey.com/api", "--version=1.301.0.20240915-120000", "--flavor=default");

    assertThat(config.configures()).isTrue();
    assertThat(config.installPath()).isEqualTo("/opt/custom");
    assertThat(config.containers()).singleElement().satisfies(c -> {
      assertThat(c.name()).isEqualTo("app");
      assertThat(c.imageName()).isEqualTo("docker.io/library/nginx:1.27");
    });
    assertThat(config.pod()).isEqualTo(new PodAttributes("web-1", "uid-1", "shop", "node-1", "cluster-1"));
    assertThat(config.suppressError()).isTrue();
    assertThat(config.fullstack()).isTrue();
    assertThat(config.tenant()).isEqualTo("abc12345");
    assertThat(config.technologies()).containsExactly("java", "nodejs");
    assertThat(config.url()).isEqualTo("https://abc12345.live.astromkey.com/api");
    assertThat(config.version()).isEqualTo("1.301.0.20240915-120000");
    assertThat(config.zipMode()).isTrue();
    assertThat(config.flavor()).isEqualTo(CodeModulesFlavor.DEFAULT);
  }

  @Test
  void acceptsSpaceSeparatedValuesAndExplicitBooleans() {
    BootstrapConfig config = parse("--target", "/t", "--work", "/w", "--suppress-error=false", "--debug=true");

    assertThat(config.target()).isEqualTo(Path.of("/t"));
    assertThat(config.work()).isEqualTo(Path.of("/w"));
    assertThat(config.suppressError()).isFalse();
    assertThat(config.debug()).isTrue();
  }

  @Test
  void technologyAllOrEmptyMeansEverything() {
    assertThat(parse("--technology=all").allTechnologies()).isTrue();
    assertThat(parse("--technology=java,all").allTechnologies()).isTrue();
    assertThat(parse("--technology= Java , ,php,java").technologies()).containsExactly("java", "php");
  }

  @Test
  void laterAttributeContainerOfTheSameNameWins() {
    BootstrapConfig config = parse("--attribute-container={\"k8s.container.name\":\"a\"}",
        "--attribute-container={\"k8s.container.name\":\"b\"}",
        "--attribute-container={\"k8s.container.name\":\"a\",\"container_image.repository\":\"x\"}");

    assertThat(config.containers()).extracting(ContainerAttributes::name).containsExactly("a", "b");
    assertThat(config.containers().get(0).imageName()).isEqualTo("x");
  }

  @Test
  void unknownPodAttributesAreIgnored() {
    assertThat(parse("--attribute=k8s.workload.name=x", "--attribute=k8s.pod.name=p").pod().podName()).isEqualTo("p");
  }

  @Test
  void platformSelectsTheArch() {
    assertThat(BootstrapConfig.from(new String[0], Map.of(EnvVars.AK_PLATFORM, "linux/arm64")).arch())
        .isEqualTo(Arch.ARM);
    assertThat(BootstrapConfig.from(new String[0], Map.of()).arch()).isEqualTo(Arch.fromCpu(System.getProperty("os.arch")));
    assertThatThrownBy(() -> BootstrapConfig.from(new String[0], Map.of(EnvVars.AK_PLATFORM, "linux/s390x")))
        .isInstanceOf(BootstrapException.class).hasMessageContaining("s390x");
  }

  @Test
  void unknownFlagsAndPositionalsAreInvalid() {
    assertInvalid("unknown flag --nope", "--nope=1");
    assertInvalid("unexpected argument 'bootstrap'", "bootstrap");
    assertInvalid("--target needs a value", "--target");
    assertInvalid("--target is given more than once", "--target=/a", "--target=/b");
    assertInvalid("--fullstack takes true or false", "--fullstack=yes");
  }

  @Test
  void malformedAttributesAreInvalid() {
    assertInvalid("key=value", "--attribute=k8s.pod.name");
    assertInvalid("not valid JSON", "--attribute-container={nope");
    assertInvalid("must be a JSON object", "--attribute-container=[1]");
    assertInvalid("lacks k8s.container.name", "--attribute-container={\"container_image.repository\":\"x\"}");
    assertInvalid("is not a container name", "--attribute-container={\"k8s.container.name\":\"../etc\"}");
    assertInvalid("must be a string", "--attribute-container={\"k8s.container.name\":\"a\",\"container_image.tags\":[1]}");
  }

  @ParameterizedTest
  @ValueSource(strings = {"/opt/x:y", "opt/x", "/opt/x y", "/opt/x,y", "/opt/x/", "/opt//x", "/opt/./x", "/opt/../x",
      "/opt/x\ty", "", "/"})
  void invalidInstallPathsAreRejected(String path) {
    assertInvalid(BootstrapFlags.INSTALL_PATH, "--install-path=" + path);
  }

  @ParameterizedTest
  @EnumSource(CodeModulesFlavor.class)
  void everyFlavorTheWebhookPassesIsAccepted(CodeModulesFlavor flavor) {
    BootstrapConfig config = parse("--flavor=" + flavor.value().toUpperCase(Locale.ROOT));

    assertThat(config.flavor().value()).isEqualTo(flavor.value());
  }

  @Test
  void otherInvalidValues() {
    assertInvalid("--fullstack needs --tenant", "--fullstack");
    assertInvalid("is not one of default, multidistro", "--flavor=musl");
    assertInvalid("is not a version", "--version=../x");
    assertInvalid("is not an http(s) URL", "--url=ftp://x");
    assertInvalid("is not an http(s) URL", "--url=not a url");
  }

  @Test
  void describeNamesNoAttributeValues() {
    BootstrapConfig config = parse("--attribute=k8s.pod.uid=secret-looking-uid",
        "--attribute-container={\"k8s.container.name\":\"app\"}");

    assertThat(config.describe()).contains("containers=[app]").doesNotContain("secret-looking-uid");
  }

  @Test
  void earlyFlagsSurviveAnInvalidCommandLine() {
    EarlyFlags early = EarlyFlags.scan(new String[] {"--nope", "--suppress-error", "--termination-log=/tmp/t",
        "--config-directory=/c", "--attribute=broken"});

    assertThat(early.suppressError()).isTrue();
    assertThat(early.terminationLog()).isEqualTo(Path.of("/tmp/t"));
    assertThat(early.configDirectory()).isEqualTo(Path.of("/c"));
    assertThat(EarlyFlags.scan(new String[0])).isEqualTo(new EarlyFlags(false, false, Path.of("/dev/termination-log"),
        null));
    assertThat(EarlyFlags.scan(new String[] {"--config-directory="}).configDirectory()).isNull();
  }
}
