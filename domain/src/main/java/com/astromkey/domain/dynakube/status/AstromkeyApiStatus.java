package com.astromkey.domain.dynakube.status;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Bookkeeping of tenant API calls. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AstromkeyApiStatus {
  @JsonPropertyDescription("When token scopes were last checked.")
  private String lastTokenScopeRequest;

  public String getLastTokenScopeRequest() { return lastTokenScopeRequest; }
  public void setLastTokenScopeRequest(String lastTokenScopeRequest) { this.lastTokenScopeRequest = lastTokenScopeRequest; }
}
