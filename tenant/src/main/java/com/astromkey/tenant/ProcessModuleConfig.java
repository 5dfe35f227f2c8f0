package com.astromkey.tenant;

import java.util.List;
import java.util.Optional;

/** Process module config (#9): revision and {section, key, value} properties, the input of {@code akagentproc.json}. */
public record ProcessModuleConfig(long revision, List<Property> properties) {

  public ProcessModuleConfig {
    properties = List.copyOf(properties);
  }

  public Optional<String> value(String section, String key) {
    return properties.stream()
        .filter(p -> p.section().equals(section) && p.key().equals(key))
        .map(Property::value)
        .findFirst();
  }

  /** One property. */
  public record Property(String section, String key, String value) {}
}
