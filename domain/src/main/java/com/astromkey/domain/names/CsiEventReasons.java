package com.astromkey.domain.names;

/** Reasons of the Kubernetes events the CSI driver records on DynaKubes and pods (csi-driver.md §9). */
public final class CsiEventReasons {
  public static final String CODE_MODULES_INSTALLED = "CodeModulesInstalled";
  public static final String CODE_MODULES_PULL_FAILED = "CodeModulesPullFailed";
  public static final String CODE_MODULES_SIGNATURE_MISSING = "CodeModulesSignatureMissing";
  public static final String CODE_MODULES_SIGNATURE_INVALID = "CodeModulesSignatureInvalid";
  public static final String CODE_MODULES_CACHE_OVER_BUDGET = "CodeModulesCacheOverBudget";
  public static final String INSUFFICIENT_DISK_SPACE = "InsufficientDiskSpace";
  public static final String CODE_MODULES_UNAVAILABLE = "CodeModulesUnavailable";

  private CsiEventReasons() {}
}
