package com.astromkey.domain.names;

import static org.assertj.core.api.Assertions.assertThat;

import com.astromkey.domain.dynakube.DynaKube;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import org.junit.jupiter.api.Test;

class ObjectNamesTest {
  private static DynaKube dynaKube(String name) {
    DynaKube dk = new DynaKube();
    dk.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("astromkey").build());
    return dk;
  }

  @Test
  void perDynaKubeObjectsArePrefixedWithItsName() {
    DynaKube dk = dynaKube("dynakube");

    assertThat(ObjectNames.pullSecretName(dk)).isEqualTo("dynakube-pull-secret");
    assertThat(ObjectNames.oneAgentDaemonSetName(dk)).isEqualTo("dynakube-oneagent");
    assertThat(ObjectNames.activeGateStatefulSetName(dk)).isEqualTo("dynakube-activegate");
    assertThat(ObjectNames.activeGateServiceName(dk)).isEqualTo("dynakube-activegate");
    assertThat(ObjectNames.deploymentMetadataConfigMapName(dk)).isEqualTo("dynakube-deployment-metadata");
    assertThat(ObjectNames.internalProxySecretName(dk)).isEqualTo("dynakube-internal-proxy");
    assertThat(ObjectNames.oneAgentConnectionInfoConfigMapName(dk)).isEqualTo("dynakube-oneagent-connection-info");
    assertThat(ObjectNames.oneAgentTenantSecretName(dk)).isEqualTo("dynakube-oneagent-tenant-secret");
    assertThat(ObjectNames.activeGateConnectionInfoConfigMapName(dk)).isEqualTo("dynakube-activegate-connection-info");
    assertThat(ObjectNames.activeGateTenantSecretName(dk)).isEqualTo("dynakube-activegate-tenant-secret");
    assertThat(ObjectNames.activeGateAuthTokenSecretName(dk)).isEqualTo("dynakube-activegate-authtoken-secret");
    assertThat(ObjectNames.bootstrapperConfigSourceName(dk)).isEqualTo("dynakube-bootstrapper-config");
    assertThat(ObjectNames.bootstrapperCertsSourceName(dk)).isEqualTo("dynakube-bootstrapper-certs");
    assertThat(ObjectNames.injectionPullSecretSourceName(dk)).isEqualTo("dynakube-injection-pull-secret");
  }

  @Test
  void tokensSecretDefaultsToTheDynaKubeName() {
    DynaKube dk = dynaKube("dynakube");
    assertThat(ObjectNames.tokensSecretName(dk)).isEqualTo("dynakube");

    dk.getSpec().setTokens("my-tokens");
    assertThat(ObjectNames.tokensSecretName(dk)).isEqualTo("my-tokens");
  }

  @Test
  void nodeImagePullJobNameHashesImageAndNode() {
    String name = ObjectNames.nodeImagePullJobName("registry.my-company.com/astromkey/astromkey-codemodules:1.301.0", "node-1");

    assertThat(name).matches("codemodule-download-[0-9a-f]{10}");
    assertThat(name).isEqualTo(ObjectNames.nodeImagePullJobName(
        "registry.my-company.com/astromkey/astromkey-codemodules:1.301.0", "node-1"));
    assertThat(name).isNotEqualTo(ObjectNames.nodeImagePullJobName(
        "registry.my-company.com/astromkey/astromkey-codemodules:1.301.0", "node-2"));
  }

  @Test
  void sharedNamesFollowTheSpec() {
    assertThat(ObjectNames.CSI_DRIVER).isEqualTo("csi.oneagent.astromkey.com");
    assertThat(ObjectNames.INJECTION_PULL_SECRET).isEqualTo("astromkey-injection-pull-secret");
    assertThat(ObjectNames.webhookServiceHost("astromkey")).isEqualTo("astromkey-webhook.astromkey.svc");
    assertThat(Labels.DYNAKUBE_INSTANCE).isEqualTo("dynakube.internal.astromkey.com/instance");
    assertThat(Labels.INJECTION_REPLICA_SELECTOR)
        .isEqualTo("app.kubernetes.io/managed-by=astromkey-operator,app.kubernetes.io/component=injection");
    assertThat(Annotations.ONEAGENT_INJECT).isEqualTo("oneagent.astromkey.com/inject");
    assertThat(Annotations.featureFlag("node-image-pull")).isEqualTo("feature.astromkey.com/node-image-pull");
    assertThat(Annotations.containerInject("sidecar")).isEqualTo("container.inject.astromkey.com/sidecar");
    assertThat(EnvVars.AK_MODULES_JSON).isEqualTo("AK_MODULES_JSON");
    assertThat(SecretKeys.signatureKey(0)).isEqualTo("key-0.pub");
    assertThat(PathNames.WEBHOOK_VALIDATE_DYNAKUBE).isEqualTo("/validate-astromkey-com-v1beta5-dynakube");
  }
}
