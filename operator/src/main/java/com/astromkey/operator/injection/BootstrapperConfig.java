package com.astromkey.operator.injection;

import com.astromkey.domain.dynakube.DynaKube;
import com.astromkey.domain.names.Labels;
import com.astromkey.domain.names.ObjectNames;
import com.astromkey.domain.names.SecretKeys;
import com.astromkey.operator.kube.OwnedObjects;
import com.astromkey.operator.kube.SecretData;
import com.astromkey.tenant.ConnectionInfo;
import com.astromkey.tenant.ProcessModuleConfig;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builds {@code <dk>-bootstrapper-config}, the input of the injected init container (operator.md §6.3). */
public final class BootstrapperConfig {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String GENERAL = "general";

  private BootstrapperConfig() {}

  /**
   * @param proxyUrl effective proxy URL, "" without proxy
   * @param zipToken the token written to {@code akclient.config}, or {@code null} when no zip delivery can occur
   */
  public record Inputs(ProcessModuleConfig processModuleConfig, ConnectionInfo agentInfo, String hostGroup,
      String proxyUrl, String noProxy, int initialConnectRetryMs, String zipToken) {}

  public static Secret build(DynaKube dk, Inputs in) {
    Map<String, String> data = new LinkedHashMap<>();
    data.put(SecretKeys.AKAGENTPROC_JSON, akagentproc(in));
    if (in.initialConnectRetryMs() >= 0) {
      data.put(SecretKeys.INITIAL_CONNECT_RETRY, Integer.toString(in.initialConnectRetryMs()));
    }
    if (in.zipToken() != null) {
      data.put(SecretKeys.AKCLIENT_CONFIG, akclient(dk, in));
    }
    return new SecretBuilder()
        .withMetadata(OwnedObjects.meta(dk, ObjectNames.bootstrapperConfigSourceName(dk),
            OwnedObjects.labels(dk, null, Labels.COMPONENT_OPERATOR)))
        .withType("Opaque")
        .withData(SecretData.encode(data))
        .build();
  }

  /** The tenant's process module config plus our general.* keys; an empty value tells bootstrap to delete the key. */
  static String akagentproc(Inputs in) {
    Map<String, String[]> properties = new LinkedHashMap<>();
    for (ProcessModuleConfig.Property p : in.processModuleConfig().properties()) {
      properties.put(p.section() + "." + p.key(), new String[] {p.section(), p.key(), p.value()});
    }
    put(properties, "tenant", in.agentInfo().tenantUUID());
    put(properties, "tenantToken", in.agentInfo().tenantToken());
    put(properties, "serverAddress", "{" + in.agentInfo().endpoints() + "}");
    put(properties, "hostGroup", in.hostGroup());
    put(properties, "proxy", in.proxyUrl());
    put(properties, "noProxy", in.noProxy());
    ObjectNode root = JSON.createObjectNode();
    root.put("revision", in.processModuleConfig().revision());
    ArrayNode list = root.putArray("properties");
    for (String[] p : properties.values()) {
      list.addObject().put("section", p[0]).put("key", p[1]).put("value", p[2]);
    }
    return write(root);
  }

  static String akclient(DynaKube dk, Inputs in) {
    ObjectNode root = JSON.createObjectNode();
    root.put("apiUrl", dk.getSpec().getApiUrl());
    root.put("token", in.zipToken());
    root.put("proxy", nullToEmpty(in.proxyUrl()));
    root.put("noProxy", nullToEmpty(in.noProxy()));
    root.put("networkZone", nullToEmpty(dk.getSpec().getNetworkZone()));
    root.put("hostGroup", nullToEmpty(in.hostGroup()));
    root.put("skipCertCheck", dk.getSpec().skipsCertCheck());
    return write(root);
  }

  private static void put(Map<String, String[]> properties, String key, String value) {
    properties.remove(GENERAL + "." + key);
    properties.put(GENERAL + "." + key, new String[] {GENERAL, key, nullToEmpty(value)});
  }

  private static String write(ObjectNode node) {
    try {
      return JSON.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serialises", e);
    }
  }

  private static String nullToEmpty(String value) {
    return value == null ? "" : value;
  }
}
