package com.astromkey.webhook.pod;

import java.util.Locale;

/** How the code modules reach the pod (webhook.md §4.1); the lower-case name is the {@code delivery} annotation. */
public enum Delivery {
  /** CSI volume, init container = operator image in bootstrap mode. */
  CSI,
  /** Self-extracting init container = codeModulesImage. */
  IMAGE,
  /** Operator image in bootstrap mode downloads a zip from the tenant. */
  ZIP;

  public String text() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Deliveries whose init container is the operator image. */
  public boolean usesOperatorImage() {
    return this != IMAGE;
  }
}
