package com.astromkey.operator.activegate;

import static org.assertj.core.api.Assertions.assertThat;

import com.astromkey.domain.dynakube.DynaKube;
import com.astromkey.operator.testing.Fixtures;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** ActiveGate StatefulSet and Service as built for the customer example (operator.md §6.2). */
class ActiveGateStatefulSetTest {
  @Test
  void customerPrivateRegistryStatefulSet() {
    DynaKube dk = Fixtures.dynaKube("dynakube-cloudnative-private-registry");

    StatefulSet sts = ActiveGateStatefulSet.build(dk, new ActiveGateStatefulSet.Inputs(
        "registry.my-company.com/astromkey/astromkey-activegate:1.301.0", "custom-image", "hash", "config", false,
        "cluster-uid", ""));
    Container container = sts.getSpec().getTemplate().getSpec().getContainers().get(0);

    assertThat(container.getImage()).isEqualTo("registry.my-company.com/astromkey/astromkey-activegate:1.301.0");
    assertThat(sts.getSpec().getTemplate().getSpec().getImagePullSecrets()).extracting(LocalObjectReference::getName)
        .containsExactly("my-registry-secret", "dynakube-pull-secret");
    assertThat(sts.getSpec().getReplicas()).isEqualTo(1);
    assertThat(sts.getSpec().getPodManagementPolicy()).isEqualTo("Parallel");
    assertThat(sts.getSpec().getServiceName()).isEqualTo("dynakube-activegate");
    assertThat(sts.getSpec().getTemplate().getSpec().getAutomountServiceAccountToken()).isTrue();
    assertThat(sts.getSpec().getTemplate().getSpec().getTopologySpreadConstraints()).hasSize(2);
    assertThat(container.getEnv()).filteredOn(e -> e.getName().equals("AK_CAPABILITIES")).extracting(EnvVar::getValue)
        .containsExactly("routing,kubernetes_monitoring");
    assertThat(container.getSecurityContext().getRunAsUser()).isEqualTo(1001L);
    assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/rest/health");
  }

  @Test
  void withoutKubernetesMonitoringNoServiceAccountToken() {
    DynaKube dk = Fixtures.dynaKube("dynakube-cloudnative-private-registry");
    dk.getSpec().getActiveGate().setCapabilities(List.of("routing"));

    StatefulSet sts = ActiveGateStatefulSet.build(dk, new ActiveGateStatefulSet.Inputs("img", "v", "h", "c", false, "", ""));

    assertThat(sts.getSpec().getTemplate().getSpec().getAutomountServiceAccountToken()).isFalse();
  }

  @Test
  void serviceExposesHttpsAndHttp() {
    Service service = ActiveGateService.build(Fixtures.dynaKube("dynakube-cloudnative-private-registry"));

    assertThat(service.getSpec().getType()).isEqualTo("ClusterIP");
    assertThat(service.getSpec().getPorts()).extracting(ServicePort::getName, ServicePort::getPort)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("https", 443), org.assertj.core.groups.Tuple.tuple("http", 80));
  }
}
