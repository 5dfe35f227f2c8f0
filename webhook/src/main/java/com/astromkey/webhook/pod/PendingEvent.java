package com.astromkey.webhook.pod;

/** A Kubernetes Event on a Namespace that the admission decided to record; sent later by a background thread. */
public record PendingEvent(String namespace, String type, String reason, String message, String rateLimitKey) {
  public static final String NORMAL = "Normal";
  public static final String WARNING = "Warning";
}
