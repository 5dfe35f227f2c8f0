package com.astromkey.domain.modules;

import com.astromkey.domain.names.EnvVars;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;

/** The operator components installed by Helm, parsed from {@code AK_MODULES_JSON}; a missing key means installed. */
public record ModulesConfig(boolean csiDriver, boolean oneAgent, boolean activeGate, boolean webhook) {
  public static final String CSI_DRIVER = "csiDriver";
  public static final String ONE_AGENT = "oneAgent";
  public static final String ACTIVE_GATE = "activeGate";
  public static final String WEBHOOK = "webhook";

  private static final ObjectMapper JSON = new ObjectMapper();

  public static ModulesConfig allInstalled() {
    return new ModulesConfig(true, true, true, true);
  }

  /**
   * Parses e.g. {@code {"csiDriver":false,"oneAgent":true}}; null or blank gives {@link #allInstalled()}, unknown keys are
   * ignored, values must be booleans (or the strings "true"/"false" a Helm template may render).
   */
  public static ModulesConfig parse(String json) throws IllegalArgumentException {
    if (json == null || json.isBlank()) {
      return allInstalled();
    }
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(EnvVars.AK_MODULES_JSON + " is not valid JSON ("
          + e.getOriginalMessage() + "): " + json);
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException(EnvVars.AK_MODULES_JSON
          + " must be a JSON object such as {\"csiDriver\":true,\"oneAgent\":true,\"activeGate\":true}: " + json);
    }
    return new ModulesConfig(flag(root, CSI_DRIVER), flag(root, ONE_AGENT), flag(root, ACTIVE_GATE), flag(root, WEBHOOK));
  }

  /** Whether the component with this {@code AK_MODULES_JSON} key is installed. */
  public boolean installed(String module) {
    switch (module) {
      case CSI_DRIVER: return csiDriver;
      case ONE_AGENT: return oneAgent;
      case ACTIVE_GATE: return activeGate;
      case WEBHOOK: return webhook;
      default: throw new IllegalArgumentException("unknown module '" + module + "'");
    }
  }

  /** The JSON form, e.g. for logging the effective configuration. */
  public String toJson() {
    try {
      return JSON.writeValueAsString(Map.of(CSI_DRIVER, csiDriver, ONE_AGENT, oneAgent, ACTIVE_GATE, activeGate,
          WEBHOOK, webhook));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a map of booleans always serialises", e);
    }
  }

  private static boolean flag(JsonNode root, String key) {
    JsonNode value = root.get(key);
    if (value == null || value.isNull()) {
      return true;
    }
    if (value.isBoolean()) {
      return value.booleanValue();
    }
    if (value.isTextual() && (value.textValue().equals("true") || value.textValue().equals("false"))) {
      return Boolean.parseBoolean(value.textValue());
    }
    throw new IllegalArgumentException(EnvVars.AK_MODULES_JSON + "." + key + " must be true or false, not " + value);
  }
}
