package com.astromkey.webhook.pod;

/** Why a pod was admitted without injection; the name is the value of the {@code reason} annotations (webhook.md §4.8). */
public enum NotInjectedReason {
  MissingDynaKube,
  DynaKubeStatusNotReady,
  CodeModulesSignatureNotVerified,
  MissingTenantUUID,
  InvalidInstallPath,
  NoInjectableContainer,
  ConflictingVolumeType,
  NoBootstrapperConfig,
  NoPullSecret,
  InternalError,
  Timeout
}
