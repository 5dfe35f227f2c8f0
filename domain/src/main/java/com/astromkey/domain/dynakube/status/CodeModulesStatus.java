package com.astromkey.domain.dynakube.status;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Status of the code modules. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CodeModulesStatus extends VersionStatus {
  @JsonPropertyDescription("Signature check of codeModulesImage.")
  private VerificationStatus verification;

  public VerificationStatus getVerification() { return verification; }
  public void setVerification(VerificationStatus verification) { this.verification = verification; }
}
