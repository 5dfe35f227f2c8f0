package com.astromkey.webhook.validation;

import com.astromkey.domain.dynakube.DynaKube;
import com.astromkey.domain.validation.ClusterView;
import com.astromkey.domain.validation.DynaKubeValidator;
import com.astromkey.domain.validation.ValidationResult;
import com.astromkey.webhook.admission.AdmissionHandler;
import com.astromkey.webhook.admission.AdmissionRequest;
import com.astromkey.webhook.admission.AdmissionResponse;
import com.astromkey.webhook.admission.AdmissionReviews;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The validating endpoint for DynaKubes: the shared rules over the webhook's caches, answered as api-dynakube-v1beta5.md §7.3. */
public final class DynaKubeAdmission implements AdmissionHandler {
  public static final int INVALID_CODE = 422;
  public static final String INVALID_REASON = "Invalid";
  public static final int BAD_REQUEST_CODE = 400;
  private static final Logger LOG = LoggerFactory.getLogger(DynaKubeAdmission.class);

  private final DynaKubeValidator validator;
  private final String operatorNamespace;
  private final ClusterView view;
  private final ClusterView foreignView;

  /** {@code foreignView} serves DynaKubes outside the operator namespace, which the caches do not cover. */
  public DynaKubeAdmission(DynaKubeValidator validator, String operatorNamespace, ClusterView view, ClusterView foreignView) {
    this.validator = validator;
    this.operatorNamespace = operatorNamespace;
    this.view = view;
    this.foreignView = foreignView;
  }

  @Override
  public String kind() {
    return "dynakube";
  }

  @Override
  public AdmissionResponse handle(AdmissionRequest request) {
    DynaKube dk;
    DynaKube old;
    try {
      dk = AdmissionReviews.JSON.treeToValue(request.object(), DynaKube.class);
      old = request.hasOldObject() && "UPDATE".equals(request.operation())
          ? AdmissionReviews.JSON.treeToValue(request.oldObject(), DynaKube.class) : null;
    } catch (Exception e) {
      return AdmissionResponse.deny(BAD_REQUEST_CODE, "BadRequest", "The request does not hold a readable DynaKube.", List.of());
    }
    if (dk == null || dk.getMetadata() == null) {
      return AdmissionResponse.deny(BAD_REQUEST_CODE, "BadRequest", "The request does not hold a readable DynaKube.", List.of());
    }
    if (dk.getMetadata().getNamespace() == null || dk.getMetadata().getNamespace().isEmpty()) {
      dk.getMetadata().setNamespace(request.namespace());
    }
    ClusterView clusterView = operatorNamespace.equals(dk.getMetadata().getNamespace()) ? view : foreignView;
    ValidationResult result = validator.validate(dk, old, clusterView);
    for (ValidationResult.RuleFailure failure : result.ruleFailures()) {
      LOG.error("Validation rule {} failed on DynaKube {}/{}", failure.ruleId(), dk.getMetadata().getNamespace(),
          dk.getMetadata().getName(), failure.cause());
    }
    if (result.allowed()) {
      return AdmissionResponse.allowWithWarnings(result.warningMessages());
    }
    return AdmissionResponse.deny(INVALID_CODE, INVALID_REASON,
        result.deniedMessage(dk.getMetadata().getNamespace(), dk.getMetadata().getName()), result.warningMessages());
  }
}
