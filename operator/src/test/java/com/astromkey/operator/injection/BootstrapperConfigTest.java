package com.astromkey.operator.injection;

import static org.assertj.core.api.Assertions.assertThat;

import com.astromkey.domain.dynakube.DynaKube;
import com.astromkey.operator.testing.Fixtures;
import com.astromkey.tenant.ConnectionInfo;
import com.astromkey.tenant.ProcessModuleConfig;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Secret;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Content of the bootstrapper config Secret (operator.md §6.3). */
class BootstrapperConfigTest {
  private static final ProcessModuleConfig CONFIG = new ProcessModuleConfig(7, List.of(
      new ProcessModuleConfig.Property("general", "logDir", "../log"),
      new ProcessModuleConfig.Property("general", "tenant", "stale"),
      new ProcessModuleConfig.Property("agentType", "java", "on")));
  private static final ConnectionInfo INFO = new ConnectionInfo("abc12345", "tt-agent", "https://a/c;https://b/c", List.of());

  @Test
  void processModuleConfigPlusGeneralKeysAndAkclientWithTheGivenToken() throws Exception {
    DynaKube dk = Fixtures.dynaKube("dynakube-application-monitoring");

    Secret secret = BootstrapperConfig.build(dk, new BootstrapperConfig.Inputs(CONFIG, INFO, "", "", "", -1, "paas"));

    JsonNode proc = json(secret, "akagentproc.json");
    assertThat(proc.path("revision").asLong()).isEqualTo(7);
    assertThat(value(proc, "general", "tenant")).isEqualTo("abc12345");
    assertThat(value(proc, "general", "serverAddress")).isEqualTo("{https://a/c;https://b/c}");
    assertThat(value(proc, "general", "tenantToken")).isEqualTo("tt-agent");
    assertThat(value(proc, "general", "hostGroup")).isEmpty();
    assertThat(value(proc, "agentType", "java")).isEqualTo("on");
    JsonNode client = json(secret, "akclient.config");
    assertThat(client.path("token").asText()).isEqualTo("paas");
    assertThat(client.path("apiUrl").asText()).isEqualTo("https://abc12345.live.astromkey.com/api");
    assertThat(secret.getData()).doesNotContainKey("initial-connect-retry");
  }

  @Test
  void noAkclientWithoutZipDeliveryAndRetryOnlyWhenSet() {
    DynaKube dk = Fixtures.dynaKube("dynakube-cloudnative-private-registry");

    Secret secret = BootstrapperConfig.build(dk, new BootstrapperConfig.Inputs(CONFIG, INFO, "g", "", "", 500, null));

    assertThat(secret.getData()).containsKeys("akagentproc.json", "initial-connect-retry").doesNotContainKey("akclient.config");
  }

  private static JsonNode json(Secret secret, String key) throws Exception {
    return new ObjectMapper().readTree(Base64.getDecoder().decode(secret.getData().get(key)));
  }

  private static String value(JsonNode proc, String section, String key) {
    for (JsonNode p : proc.path("properties")) {
      if (p.path("section").asText().equals(section) && p.path("key").asText().equals(key)) {
        return p.path("value").asText();
      }
    }
    return null;
  }
}
