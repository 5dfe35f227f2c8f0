package com.astromkey.domain.dynakube.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** A value given inline or read from the key 'proxy' of a Secret in the DynaKube namespace. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ValueSource {
  @JsonPropertyDescription("The value, used verbatim.")
  private String value;

  @JsonPropertyDescription("Name of a Secret in the DynaKube namespace whose key 'proxy' holds the value; used when value is empty.")
  private String valueFrom;

  public ValueSource() {}

  public ValueSource(String value, String valueFrom) {
    this.value = value;
    this.valueFrom = valueFrom;
  }

  public String getValue() { return value; }
  public void setValue(String value) { this.value = value; }
  public String getValueFrom() { return valueFrom; }
  public void setValueFrom(String valueFrom) { this.valueFrom = valueFrom; }

  public boolean hasValue() { return value != null && !value.isEmpty(); }
  public boolean hasValueFrom() { return valueFrom != null && !valueFrom.isEmpty(); }
}
