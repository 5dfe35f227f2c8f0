package com.astromkey.csi.provisioner;

import com.astromkey.domain.dynakube.DynaKube;
import com.astromkey.domain.dynakube.spec.AppInjection;
import com.astromkey.domain.dynakube.spec.OneAgentMode;
import com.astromkey.domain.dynakube.spec.OneAgentSpec;
import com.astromkey.domain.dynakube.status.CodeModulesStatus;
import com.astromkey.domain.feature.FeatureFlags;
import com.astromkey.domain.image.ImageReference;
import com.astromkey.domain.image.ImageReferenceException;
import com.astromkey.domain.modules.ModulesConfig;
import java.time.Duration;
import java.util.Optional;

/**
 * What a node needs for one DynaKube (steps 2–7 of csi-driver.md §5 and the installer table of §6): a pure function of
 * the DynaKube and the installed modules, so the whole decision table is unit-tested.
 */
public record InstallDecision(Kind kind, boolean osAgentStorage, String reference, String version, Duration requeue) {

  /** The outcomes in pass order. */
  public enum Kind {
    /** Helm {@code csidriver.migrationMode}: the CSI driver module is off, only GC runs. */
    CSI_DISABLED,
    /** classicFullStack, ActiveGate only, or no mode: no CSI volume at all. */
    NO_CSI_VOLUME,
    /** hostMonitoring: OneAgent storage only. */
    NO_APP_INJECTION,
    /** The operator has not resolved the code modules yet (operator.md §4.4). */
    NOT_READY,
    IMAGE,
    /** FF node-image-pull: the kubelet pulls the image in a Job on this node. */
    JOB,
    ZIP
  }

  static final Duration IDLE_REQUEUE = Duration.ofMinutes(30);
  static final Duration NOT_READY_REQUEUE = Duration.ofMinutes(1);
  public static final Duration SUCCESS_REQUEUE = Duration.ofMinutes(5);
  /** status.codeModules.version when the operator took the image from the spec. */
  static final String CUSTOM_IMAGE_VERSION = "custom-image";

  public static InstallDecision decide(DynaKube dk, ModulesConfig modules) {
    if (!modules.csiDriver()) return new InstallDecision(Kind.CSI_DISABLED, false, null, null, IDLE_REQUEUE);
    OneAgentSpec oneAgent = dk.getSpec().getOneAgent();
    Optional<OneAgentMode> mode = oneAgent == null ? Optional.empty() : oneAgent.mode();
    if (mode.isEmpty() || mode.get() == OneAgentMode.CLASSIC_FULL_STACK) {
      return new InstallDecision(Kind.NO_CSI_VOLUME, false, null, null, IDLE_REQUEUE);
    }
    boolean osAgent = mode.get().readOnlyHost();
    AppInjection injection = oneAgent.appInjection(mode.get());
    if (injection == null) return new InstallDecision(Kind.NO_APP_INJECTION, osAgent, null, null, IDLE_REQUEUE);
    CodeModulesStatus status = dk.getStatus() == null ? null : dk.getStatus().getCodeModules();
    if (injection.hasCodeModulesImage()) {
      String imageId = status == null ? null : status.getImageID();
      if (imageId == null || imageId.isBlank()) return notReady(osAgent);
      Kind kind = FeatureFlags.of(dk).nodeImagePull() ? Kind.JOB : Kind.IMAGE;
      return new InstallDecision(kind, osAgent, imageId.trim(), null, SUCCESS_REQUEUE);
    }
    String version = status == null ? null : status.getVersion();
    if (version == null || version.isBlank() || version.equals(CUSTOM_IMAGE_VERSION)) return notReady(osAgent);
    return new InstallDecision(Kind.ZIP, osAgent, null, version.trim(), SUCCESS_REQUEUE);
  }

  private static InstallDecision notReady(boolean osAgent) {
    return new InstallDecision(Kind.NOT_READY, osAgent, null, null, NOT_READY_REQUEUE);
  }

  /**
   * The requeue after a successful pass: a tag is only re-resolved in a pass (§6.1 step 2), so with a digest re-check
   * period shorter than the success requeue the next pass comes when the period is over, not minutes later.
   */
  public Duration requeueAfterSuccess(Duration digestRecheckPeriod) {
    if (reference == null || digestRecheckPeriod.compareTo(requeue) >= 0 || pinned(reference)) return requeue;
    return digestRecheckPeriod;
  }

  private static boolean pinned(String reference) {
    try {
      return ImageReference.parse(reference).digest() != null;
    } catch (ImageReferenceException e) {
      // the installer reports the bad reference; nothing to re-check
      return true;
    }
  }

  public boolean installs() {
    return kind == Kind.IMAGE || kind == Kind.JOB || kind == Kind.ZIP;
  }
}
