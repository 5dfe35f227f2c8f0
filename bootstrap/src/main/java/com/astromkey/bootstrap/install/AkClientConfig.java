package com.astromkey.bootstrap.install;

import com.astromkey.bootstrap.outcome.BootstrapException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code <input>/akclient.config} (operator.md §5, bootstrap.md §2.1): how zip mode reaches the tenant. Holds the
 * download token, so {@link #toString()} redacts it.
 */
public record AkClientConfig(String apiUrl, String token, String proxy, String noProxy, String networkZone,
    String hostGroup, boolean skipCertCheck) {
  private static final ObjectMapper JSON = new ObjectMapper();

  public static AkClientConfig read(Path file) {
    if (!Files.isRegularFile(file)) {
      throw BootstrapException.unavailable("zip mode needs " + file + ", which does not exist", null);
    }
    JsonNode node;
    try {
      node = JSON.readTree(file.toFile());
    } catch (IOException e) {
      // the parser's message may quote the file, and the file holds the token
      throw BootstrapException.unavailable(file + " is not valid JSON", null);
    }
    if (node == null || !node.isObject()) {
      throw BootstrapException.unavailable(file + " is not a JSON object", null);
    }
    AkClientConfig config = new AkClientConfig(text(node, "apiUrl"), text(node, "token"), text(node, "proxy"),
        text(node, "noProxy"), text(node, "networkZone"), text(node, "hostGroup"),
        node.path("skipCertCheck").asBoolean(false));
    if (config.token.isEmpty()) {
      throw BootstrapException.unavailable(file + " has no token", null);
    }
    return config;
  }

  @Override
  public String toString() {
    return "AkClientConfig[apiUrl=" + apiUrl + ", token=<redacted>, proxy=" + (proxy.isEmpty() ? "<none>" : "<set>")
        + ", noProxy=" + noProxy + ", networkZone=" + networkZone + ", hostGroup=" + hostGroup + ", skipCertCheck="
        + skipCertCheck + "]";
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? "" : value.asText().strip();
  }
}
