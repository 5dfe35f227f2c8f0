package com.astromkey.operator.version;

import com.astromkey.domain.dynakube.spec.ActiveGateSpec;
import com.astromkey.domain.dynakube.spec.AppInjection;
import com.astromkey.domain.dynakube.spec.HostInjectSpec;
import com.astromkey.domain.dynakube.spec.OneAgentMode;
import com.astromkey.domain.dynakube.status.ActiveGateStatus;
import com.astromkey.domain.dynakube.status.CodeModulesStatus;
import com.astromkey.domain.dynakube.status.OneAgentStatus;
import com.astromkey.domain.dynakube.status.VersionStatus;
import com.astromkey.operator.dynakube.ReconcileRun;
import com.astromkey.operator.events.EventRecorder;
import com.astromkey.operator.oneagent.Healthchecks;
import com.astromkey.operator.status.ConditionTypes;
import com.astromkey.operator.status.Messages;
import com.astromkey.tenant.Arch;
import com.astromkey.tenant.TenantApiException;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Image and version resolution per component (operator.md §4): custom-image keeps the spec value verbatim and never asks
 * the tenant; custom-version pins the version; otherwise the tenant's latest. A failed tenant call keeps the previous
 * good value; without one the exception propagates and the component step fails.
 */
public final class VersionResolver {
  public static final String CUSTOM_IMAGE = "custom-image";
  public static final String CUSTOM_VERSION = "custom-version";
  public static final String TENANT_REGISTRY = "tenant-registry";
  static final String ONEAGENT_REPOSITORY = "linux/oneagent";
  static final String ACTIVEGATE_REPOSITORY = "linux/activegate";

  private final Arch arch;

  public VersionResolver(Arch arch) {
    this.arch = arch;
  }

  /** The value a source resolves to. */
  public record Resolution(String source, String imageID, String version) {}

  /** The tenant-registry image tag: the first three dot-separated parts of the version plus {@code -raw}, never twice. */
  public static String rawTag(String version) {
    String[] parts = version.split("\\.");
    String base = parts.length >= 3 ? parts[0] + "." + parts[1] + "." + parts[2] : version;
    return base.endsWith("-raw") ? base : base + "-raw";
  }

  public static String tenantImage(String apiPrefix, String repository, String version) {
    return apiPrefix + "/" + repository + ":" + rawTag(version);
  }

  public void oneAgent(ReconcileRun run, OneAgentMode mode) {
    HostInjectSpec spec = run.dk().getSpec().getOneAgent().hostSpec(mode);
    OneAgentStatus status = run.status().getOneAgent() == null ? new OneAgentStatus() : run.status().getOneAgent();
    run.status().setOneAgent(status);
    Resolution pinned = isSet(spec.getImage()) ? new Resolution(CUSTOM_IMAGE, spec.getImage(), CUSTOM_IMAGE)
        : isSet(spec.getVersion())
            ? new Resolution(CUSTOM_VERSION, tenantImage(run.apiUrl().apiPrefix(), ONEAGENT_REPOSITORY, spec.getVersion()),
                spec.getVersion())
            : null;
    resolve(run, status, ConditionTypes.ONEAGENT_VERSION, "OneAgentVersionChanged", pinned, true,
        () -> {
          String latest = run.tenant().latestAgentVersion();
          return new Resolution(TENANT_REGISTRY, tenantImage(run.apiUrl().apiPrefix(), ONEAGENT_REPOSITORY, latest), latest);
        });
    status.setHealthcheck(Healthchecks.forVersion(CUSTOM_IMAGE.equals(status.getSource()) ? null : status.getVersion()));
  }

  public void activeGate(ReconcileRun run) {
    ActiveGateSpec spec = run.dk().getSpec().getActiveGate();
    ActiveGateStatus status = run.status().getActiveGate() == null ? new ActiveGateStatus() : run.status().getActiveGate();
    run.status().setActiveGate(status);
    Resolution pinned = isSet(spec.getImage()) ? new Resolution(CUSTOM_IMAGE, spec.getImage(), CUSTOM_IMAGE) : null;
    boolean follow = run.flags().activeGateUpdates() || !isSet(status.getVersion());
    resolve(run, status, ConditionTypes.ACTIVEGATE_VERSION, "ActiveGateVersionChanged", pinned, follow,
        () -> {
          String latest = run.tenant().latestGatewayVersion();
          return new Resolution(TENANT_REGISTRY, tenantImage(run.apiUrl().apiPrefix(), ACTIVEGATE_REPOSITORY, latest),
              latest);
        });
  }

  /** Code modules of an injecting mode; with cloudNativeFullStack the OneAgent {@code version} pins them too. */
  public void codeModules(ReconcileRun run, OneAgentMode mode) {
    AppInjection injection = run.dk().getSpec().getOneAgent().appInjection(mode);
    CodeModulesStatus status = run.status().getCodeModules() == null ? new CodeModulesStatus() : run.status().getCodeModules();
    run.status().setCodeModules(status);
    Resolution pinned = injection.hasCodeModulesImage()
        ? new Resolution(CUSTOM_IMAGE, injection.getCodeModulesImage(), CUSTOM_IMAGE)
        : isSet(injection.getVersion()) ? new Resolution(CUSTOM_VERSION, "", injection.getVersion()) : null;
    resolve(run, status, ConditionTypes.CODE_MODULES_VERSION, "CodeModulesVersionChanged", pinned, true,
        () -> new Resolution(TENANT_REGISTRY, "", run.tenant().latestCodeModulesVersion(arch)));
  }

  /** Gate for webhook and CSI (operator.md §4.4). */
  public static boolean codeModulesReady(AppInjection injection, CodeModulesStatus status) {
    if (status == null) {
      return false;
    }
    if (injection.hasCodeModulesImage()) {
      return isSet(status.getImageID());
    }
    return isSet(status.getVersion()) && !CUSTOM_IMAGE.equals(status.getVersion());
  }

  private static void resolve(ReconcileRun run, VersionStatus status, String conditionType, String eventReason,
      Resolution pinned, boolean followTenant, Supplier<Resolution> tenant) {
    if (pinned != null) {
      apply(run, status, pinned, eventReason);
      run.conditions().setTrue(conditionType,
          CUSTOM_IMAGE.equals(pinned.source()) ? ConditionTypes.REASON_VERIFICATION_SKIPPED : ConditionTypes.REASON_VERIFIED,
          CUSTOM_IMAGE.equals(pinned.source()) ? Messages.customImage(pinned.imageID())
              : Messages.customVersion(pinned.version()));
      return;
    }
    boolean hasTenantValue = TENANT_REGISTRY.equals(status.getSource()) && isSet(status.getVersion());
    if (!followTenant && hasTenantValue) {
      run.conditions().setTrue(conditionType, ConditionTypes.REASON_VERIFIED, Messages.tenantVersion(status.getVersion()));
      return;
    }
    try {
      Resolution latest = tenant.get();
      apply(run, status, latest, eventReason);
      run.conditions().setTrue(conditionType, ConditionTypes.REASON_VERIFIED, Messages.tenantVersion(latest.version()));
    } catch (TenantApiException e) {
      run.conditions().setFalse(conditionType, ConditionTypes.REASON_API_ERROR,
          Messages.versionFailed(e, hasTenantValue ? status.getVersion() : null));
      if (!hasTenantValue) {
        throw e;
      }
      if (e.isUnavailable()) {
        run.noteUnavailable(e);
      }
    }
  }

  private static void apply(ReconcileRun run, VersionStatus status, Resolution resolution, String eventReason) {
    boolean changed = !Objects.equals(status.getImageID(), emptyToNull(resolution.imageID()))
        || !Objects.equals(status.getVersion(), resolution.version())
        || !Objects.equals(status.getSource(), resolution.source());
    if (!changed) {
      return;
    }
    String before = isSet(status.getImageID()) ? status.getImageID() : status.getVersion();
    String after = isSet(resolution.imageID()) ? resolution.imageID() : resolution.version();
    if (isSet(before) && !before.equals(after)) {
      run.events().record(run.dk(), EventRecorder.NORMAL, eventReason, before + " → " + after);
    }
    status.setSource(resolution.source());
    status.setImageID(emptyToNull(resolution.imageID()));
    status.setVersion(resolution.version());
    status.setLastProbeTimestamp(run.now().toString());
  }

  private static String emptyToNull(String value) {
    return isSet(value) ? value : null;
  }

  private static boolean isSet(String value) {
    return value != null && !value.isBlank();
  }
}
