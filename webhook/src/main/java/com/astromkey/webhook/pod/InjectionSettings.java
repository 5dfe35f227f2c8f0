package com.astromkey.webhook.pod;

import com.astromkey.domain.feature.SignatureMode;
import com.astromkey.domain.modules.ModulesConfig;
import com.astromkey.webhook.config.WebhookConfig;

/** The process-wide settings pod injection depends on, taken from {@link WebhookConfig}. */
public record InjectionSettings(String operatorNamespace, String operatorImage, String operatorImagePullPolicy,
    ModulesConfig modules, String operatorVersion, SignatureMode defaultSignatureMode) {

  public static InjectionSettings of(WebhookConfig config) {
    return new InjectionSettings(config.podNamespace(), config.operatorImage(), config.operatorImagePullPolicy(),
        config.modules(), config.operatorVersion(), config.signatureMode());
  }
}
