package com.astromkey.csi.provisioner;

import static org.assertj.core.api.Assertions.assertThat;

import com.astromkey.csi.provisioner.InstallDecision.Kind;
import com.astromkey.domain.dynakube.DynaKube;
import com.astromkey.domain.dynakube.spec.HostInjectSpec;
import com.astromkey.domain.dynakube.spec.OneAgentSpec;
import com.astromkey.domain.modules.ModulesConfig;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The pass table of §5 and the installer choice of §6 for each DynaKube shape. */
class InstallDecisionTest {
  private static final ModulesConfig ALL = ModulesConfig.allInstalled();

  private static DynaKube image(String imageId) {
    DynaKube dk = DynaKubeFixtures.load("dynakube-cloudnative-private-registry",
        Map.of("NAME", "dk", "IMAGE", "registry.example.com/cm:1"));
    dk.getStatus().getCodeModules().setImageID(imageId);
    return dk;
  }

  private static DynaKube zip(String version) {
    DynaKube dk = DynaKubeFixtures.load("dynakube-applicationmonitoring-zip", Map.of("NAME", "dk", "API_URL", "https://t/api"));
    dk.getStatus().getCodeModules().setVersion(version);
    return dk;
  }

  @Test
  void codeModulesImageWithResolvedImageIdUsesTheImageInstaller() {
    InstallDecision d = InstallDecision.decide(image("registry.example.com/cm:1"), ALL);
    assertThat(d.kind()).isEqualTo(Kind.IMAGE);
    assertThat(d.reference()).isEqualTo("registry.example.com/cm:1");
    assertThat(d.osAgentStorage()).isTrue();
    assertThat(d.requeue()).isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void aTagIsLookedAtAgainWhenItsDigestRecheckIsDueNotOnlyAfterTheSuccessRequeue() {
    InstallDecision tag = InstallDecision.decide(image("registry.example.com/cm:1"), ALL);
    assertThat(tag.requeueAfterSuccess(Duration.ofSeconds(1))).isEqualTo(Duration.ofSeconds(1));
    assertThat(tag.requeueAfterSuccess(Duration.ofMinutes(30))).isEqualTo(Duration.ofMinutes(5));
    String pinned = "registry.example.com/cm@sha256:" + "a".repeat(64);
    assertThat(InstallDecision.decide(image(pinned), ALL).requeueAfterSuccess(Duration.ofSeconds(1))).isEqualTo(Duration.ofMinutes(5));
    assertThat(InstallDecision.decide(zip("1.301.0.20240915-120000"), ALL).requeueAfterSuccess(Duration.ofSeconds(1)))
        .isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void nodeImagePullSelectsTheJobInstaller() {
    DynaKube dk = image("registry.example.com/cm:1");
    dk.getMetadata().setAnnotations(Map.of("feature.astromkey.com/node-image-pull", "true"));
    InstallDecision d = InstallDecision.decide(dk, ALL);
    assertThat(d.kind()).isEqualTo(Kind.JOB);
    assertThat(d.reference()).isEqualTo("registry.example.com/cm:1");
  }

  @Test
  void imageNotResolvedYetIsNotReady() {
    InstallDecision d = InstallDecision.decide(image(""), ALL);
    assertThat(d.kind()).isEqualTo(Kind.NOT_READY);
    assertThat(d.requeue()).isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void withoutImageTheVersionSelectsTheZipInstaller() {
    InstallDecision d = InstallDecision.decide(zip("1.301.0.20240915-120000"), ALL);
    assertThat(d.kind()).isEqualTo(Kind.ZIP);
    assertThat(d.version()).isEqualTo("1.301.0.20240915-120000");
    assertThat(d.osAgentStorage()).isFalse();
  }

  @Test
  void noVersionOrCustomImageVersionIsNotReady() {
    assertThat(InstallDecision.decide(zip(null), ALL).kind()).isEqualTo(Kind.NOT_READY);
    assertThat(InstallDecision.decide(zip("custom-image"), ALL).kind()).isEqualTo(Kind.NOT_READY);
  }

  @Test
  void migrationModeOnlyCollects() {
    InstallDecision d = InstallDecision.decide(image("registry.example.com/cm:1"), new ModulesConfig(false, true, true, true));
    assertThat(d.kind()).isEqualTo(Kind.CSI_DISABLED);
    assertThat(d.requeue()).isEqualTo(Duration.ofMinutes(30));
  }

  @Test
  void hostModesAndNoModes() {
    DynaKube dk = zip("1.2.3");
    OneAgentSpec hostMonitoring = new OneAgentSpec();
    hostMonitoring.setHostMonitoring(new HostInjectSpec());
    dk.getSpec().setOneAgent(hostMonitoring);
    InstallDecision host = InstallDecision.decide(dk, ALL);
    assertThat(host.kind()).isEqualTo(Kind.NO_APP_INJECTION);
    assertThat(host.osAgentStorage()).isTrue();

    OneAgentSpec classic = new OneAgentSpec();
    classic.setClassicFullStack(new HostInjectSpec());
    dk.getSpec().setOneAgent(classic);
    assertThat(InstallDecision.decide(dk, ALL).kind()).isEqualTo(Kind.NO_CSI_VOLUME);

    dk.getSpec().setOneAgent(null);
    assertThat(InstallDecision.decide(dk, ALL).kind()).isEqualTo(Kind.NO_CSI_VOLUME);
  }
}
