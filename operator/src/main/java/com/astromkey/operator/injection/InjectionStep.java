package com.astromkey.operator.injection;

import com.astromkey.domain.dynakube.DynaKube;
import com.astromkey.domain.dynakube.spec.AppInjection;
import com.astromkey.domain.dynakube.spec.OneAgentMode;
import com.astromkey.domain.names.Annotations;
import com.astromkey.domain.names.ObjectNames;
import com.astromkey.operator.connectioninfo.ConnectionInfoStep;
import com.astromkey.operator.dynakube.ReconcileRun;
import com.astromkey.operator.dynakube.StepResult;
import com.astromkey.operator.events.EventRecorder;
import com.astromkey.operator.pullsecret.InjectionPullSecret;
import com.astromkey.operator.signature.CodeModulesSignatureStep;
import com.astromkey.operator.status.ConditionTypes;
import com.astromkey.operator.status.Messages;
import com.astromkey.operator.version.VersionResolver;
import com.astromkey.tenant.ProcessModuleConfig;
import com.astromkey.tenant.TenantApiException;
import io.fabric8.kubernetes.api.model.Secret;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Step 7 (cloudNativeFullStack, applicationMonitoring): code-modules version → connection info → bootstrapper Secrets →
 * injection pull secret → namespace labels and replicas; everything removed when the mode injects nothing.
 */
public final class InjectionStep {
  private final VersionResolver versions;
  private final ConnectionInfoStep connectionInfo;
  private final NamespaceReplication namespaces;
  private final CodeModulesSignatureStep signature;

  public InjectionStep(VersionResolver versions, ConnectionInfoStep connectionInfo, NamespaceReplication namespaces,
      CodeModulesSignatureStep signature) {
    this.versions = versions;
    this.connectionInfo = connectionInfo;
    this.namespaces = namespaces;
    this.signature = signature;
  }

  public StepResult run(ReconcileRun run) {
    OneAgentMode mode = run.mode().filter(OneAgentMode::injectsCodeModules).orElse(null);
    if (mode == null) {
      remove(run);
      return StepResult.done();
    }
    AppInjection injection = run.dk().getSpec().getOneAgent().appInjection(mode);
    versions.codeModules(run, mode);
    signature.run(run, injection);
    StepResult info = connectionInfo.agent(run);
    if (info.is(StepResult.Kind.POSTPONED)) {
      return info;
    }
    Map<String, Secret> sources = new LinkedHashMap<>();
    sources.put(ObjectNames.BOOTSTRAPPER_CONFIG_SECRET, bootstrapperConfig(run, injection));
    sources.put(ObjectNames.BOOTSTRAPPER_CERTS_SECRET, bootstrapperCerts(run));
    sources.put(ObjectNames.INJECTION_PULL_SECRET, injectionPullSecret(run));
    monitorNamespaces(run, injection, sources);
    if (!VersionResolver.codeModulesReady(injection, run.status().getCodeModules())) {
      run.conditions().setFalse(ConditionTypes.CODE_MODULES_INJECTION, ConditionTypes.REASON_NOT_READY,
          Messages.CODE_MODULES_NOT_READY);
    } else if (!CodeModulesSignatureStep.permitsInjection(run, injection)) {
      run.conditions().setFalse(ConditionTypes.CODE_MODULES_INJECTION, ConditionTypes.REASON_NOT_READY,
          Messages.CODE_MODULES_NOT_VERIFIED);
    } else {
      run.conditions().setTrue(ConditionTypes.CODE_MODULES_INJECTION, ConditionTypes.REASON_READY, Messages.CODE_MODULES_READY);
    }
    return StepResult.done();
  }

  /** Whether the code modules are resolved, for the phase; true when the mode injects nothing. */
  public static boolean ready(ReconcileRun run) {
    OneAgentMode mode = run.mode().filter(OneAgentMode::injectsCodeModules).orElse(null);
    if (mode == null) {
      return true;
    }
    AppInjection injection = run.dk().getSpec().getOneAgent().appInjection(mode);
    return VersionResolver.codeModulesReady(injection, run.status().getCodeModules())
        && CodeModulesSignatureStep.permitsInjection(run, injection);
  }

  /** Returns the source Secret as stored, or the existing one when the tenant could not be asked this time. */
  private Secret bootstrapperConfig(ReconcileRun run, AppInjection injection) {
    DynaKube dk = run.dk();
    String name = ObjectNames.bootstrapperConfigSourceName(dk);
    Secret existing = run.kube().get(Secret.class, run.namespace(), name);
    if (run.agentInfo() == null) {
      // connection info kept from status after a tenant error: the tenant token is not at hand, keep what is stored
      return existing;
    }
    ProcessModuleConfig processModuleConfig;
    try {
      processModuleConfig = run.tenant().processModuleConfig(dk.getSpec().getOneAgent().getHostGroup());
    } catch (TenantApiException e) {
      run.conditions().setFalse(ConditionTypes.BOOTSTRAPPER_CONFIG, ConditionTypes.REASON_API_ERROR,
          "Process module config request failed (" + Messages.shortError(e) + ").");
      if (existing == null) {
        throw e;
      }
      if (e.isUnavailable()) {
        run.noteUnavailable(e);
      }
      return existing;
    }
    String zipToken = injection.hasCodeModulesImage() ? null : run.paasOrApiToken();
    if (zipToken != null && !run.tokens().hasPaasToken()) {
      run.events().record(dk, EventRecorder.WARNING, "ApiTokenReplicated",
          "akclient.config carries the apiToken because the tokens Secret has no paasToken; add a paasToken with scope"
              + " InstallerDownload only.");
    }
    Secret desired = BootstrapperConfig.build(dk, new BootstrapperConfig.Inputs(processModuleConfig, run.agentInfo(),
        dk.getSpec().getOneAgent().getHostGroup(), run.proxyUrl(), run.flags().noProxy(),
        run.flags().oneAgentInitialConnectRetryMs(), zipToken));
    run.kube().apply(desired, Annotations.CONTENT_HASH);
    run.conditions().setTrue(ConditionTypes.BOOTSTRAPPER_CONFIG, ConditionTypes.REASON_SECRET_CREATED_OR_UPDATED,
        Messages.secretWritten(name));
    return run.kube().get(Secret.class, run.namespace(), name);
  }

  private static Secret bootstrapperCerts(ReconcileRun run) {
    String name = ObjectNames.bootstrapperCertsSourceName(run.dk());
    if (!BootstrapperCerts.needed(run.trustedPems())) {
      run.kube().delete(Secret.class, run.namespace(), name);
      run.conditions().remove(ConditionTypes.BOOTSTRAPPER_CERTS_CONFIG);
      return null;
    }
    run.kube().apply(BootstrapperCerts.build(run.dk(), run.trustedPems()), Annotations.CONTENT_HASH);
    run.conditions().setTrue(ConditionTypes.BOOTSTRAPPER_CERTS_CONFIG, ConditionTypes.REASON_SECRET_CREATED_OR_UPDATED,
        Messages.secretWritten(name));
    return run.kube().get(Secret.class, run.namespace(), name);
  }

  private static Secret injectionPullSecret(ReconcileRun run) {
    String name = ObjectNames.injectionPullSecretSourceName(run.dk());
    String helmSecret = run.config().helmPullSecret();
    if (!InjectionPullSecret.needed(run.dk(), helmSecret)) {
      run.kube().delete(Secret.class, run.namespace(), name);
      run.conditions().remove(ConditionTypes.INJECTION_PULL_SECRET);
      return null;
    }
    Secret desired = InjectionPullSecret.build(run.dk(), helmSecret,
        InjectionPullSecret.initImages(run.dk(), run.config().operatorImage(), helmSecret),
        secretName -> run.kube().get(Secret.class, run.namespace(), secretName));
    run.kube().apply(desired, Annotations.SPEC_HASH);
    run.conditions().setTrue(ConditionTypes.INJECTION_PULL_SECRET, ConditionTypes.REASON_SECRET_CREATED_OR_UPDATED,
        Messages.secretWritten(name));
    return run.kube().get(Secret.class, run.namespace(), name);
  }

  private void monitorNamespaces(ReconcileRun run, AppInjection injection, Map<String, Secret> sources) {
    NamespaceMembership.Plan plan = NamespaceMembership.plan(run.name(), injection.getNamespaceSelector(), run.flags(),
        namespaces.namespaces());
    plan.toLabel().forEach(ns -> namespaces.label(ns, run.name()));
    plan.toUnlabel().forEach(namespaces::unlabel);
    namespaces.sync(run.dk(), plan.monitored(), sources);
    if (plan.conflicts().isEmpty()) {
      run.conditions().setTrue(ConditionTypes.NAMESPACES_MONITORED, ConditionTypes.REASON_NAMESPACES_LABELLED,
          Messages.namespacesLabelled(plan.monitored().size()));
    } else {
      String message = Messages.namespaceConflict(plan.conflicts());
      run.conditions().setFalse(ConditionTypes.NAMESPACES_MONITORED, ConditionTypes.REASON_NAMESPACE_CONFLICT, message);
      run.events().record(run.dk(), EventRecorder.WARNING, "NamespaceConflict", message);
    }
  }

  private void remove(ReconcileRun run) {
    namespaces.removeAll(run.dk());
    run.kube().delete(Secret.class, run.namespace(), ObjectNames.bootstrapperConfigSourceName(run.dk()));
    run.kube().delete(Secret.class, run.namespace(), ObjectNames.bootstrapperCertsSourceName(run.dk()));
    run.kube().delete(Secret.class, run.namespace(), ObjectNames.injectionPullSecretSourceName(run.dk()));
    run.status().setCodeModules(null);
    signature.forget(run.dk().getMetadata().getUid());
    for (String type : List.of(ConditionTypes.CODE_MODULES_SIGNATURE, ConditionTypes.CODE_MODULES_VERSION, ConditionTypes.BOOTSTRAPPER_CONFIG,
        ConditionTypes.BOOTSTRAPPER_CERTS_CONFIG, ConditionTypes.INJECTION_PULL_SECRET, ConditionTypes.NAMESPACES_MONITORED,
        ConditionTypes.CODE_MODULES_INJECTION)) {
      run.conditions().remove(type);
    }
  }
}
