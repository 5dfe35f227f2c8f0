package com.astromkey.domain.dynakube.status;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Result of the signature check of codeModulesImage. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class VerificationStatus {
  @JsonPropertyDescription("Verified, SignatureMissing, SignatureInvalid or VerificationError.")
  private String state;

  @JsonPropertyDescription("The verified index or manifest digest.")
  private String digest;

  @JsonPropertyDescription("When the check ran.")
  private String checkedAt;

  @JsonPropertyDescription("Why the check ended as it did.")
  private String message;

  public String getState() { return state; }
  public void setState(String state) { this.state = state; }
  public String getDigest() { return digest; }
  public void setDigest(String digest) { this.digest = digest; }
  public String getCheckedAt() { return checkedAt; }
  public void setCheckedAt(String checkedAt) { this.checkedAt = checkedAt; }
  public String getMessage() { return message; }
  public void setMessage(String message) { this.message = message; }
}
