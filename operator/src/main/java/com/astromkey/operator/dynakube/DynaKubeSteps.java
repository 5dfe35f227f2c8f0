package com.astromkey.operator.dynakube;

import com.astromkey.operator.activegate.ActiveGateStep;
import com.astromkey.operator.connectioninfo.ConnectionInfoStep;
import com.astromkey.operator.injection.InjectionStep;
import com.astromkey.operator.injection.NamespaceReplication;
import com.astromkey.operator.oneagent.OneAgentStep;
import com.astromkey.operator.pullsecret.PullSecretStep;
import com.astromkey.operator.signature.CodeModulesSignatureStep;
import com.astromkey.operator.signature.ImageVerifier;
import com.astromkey.operator.signature.RegistryImageVerifier;
import com.astromkey.operator.version.VersionResolver;
import com.astromkey.tenant.Arch;
import io.fabric8.kubernetes.client.KubernetesClient;

/** The component steps of a DynaKube reconcile, wired once (explicit constructor wiring, no container). */
public record DynaKubeSteps(PullSecretStep pullSecret, ActiveGateStep activeGate, InjectionStep injection,
    OneAgentStep oneAgent, NamespaceReplication namespaces, CodeModulesSignatureStep signature) {

  /** {@code arch} is the operator's CPU, which picks the code-modules flavor of the tenant look-up. */
  public static DynaKubeSteps create(KubernetesClient client, Arch arch, String operatorVersion) {
    return create(client, arch, new RegistryImageVerifier(operatorVersion));
  }

  /** With another verifier: a fake in unit tests. */
  public static DynaKubeSteps create(KubernetesClient client, Arch arch, ImageVerifier verifier) {
    VersionResolver versions = new VersionResolver(arch);
    ConnectionInfoStep connectionInfo = new ConnectionInfoStep();
    PullSecretStep pullSecret = new PullSecretStep();
    NamespaceReplication namespaces = new NamespaceReplication(client);
    CodeModulesSignatureStep signature = new CodeModulesSignatureStep(verifier);
    return new DynaKubeSteps(pullSecret,
        new ActiveGateStep(versions, connectionInfo, pullSecret),
        new InjectionStep(versions, connectionInfo, namespaces, signature),
        new OneAgentStep(versions, connectionInfo, pullSecret),
        namespaces, signature);
  }
}
