package com.astromkey.webhook.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.astromkey.domain.names.PathNames;
import com.astromkey.webhook.admission.AdmissionReviews;
import com.astromkey.webhook.fixture.AdmissionClient;
import com.astromkey.webhook.fixture.ClusterFixture;
import com.astromkey.webhook.metrics.WebhookMetrics;
import com.astromkey.webhook.pod.PodAdmission;
import com.astromkey.webhook.pod.PodInjector;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Seeded fuzzing of the {@code /inject} request-to-answer step: mutations of a valid pod review must get a valid allowing review
 * or a 400, never a 5xx, an exception or a hang. Body {@code i} depends only on {@code SEED + i}, so a failure names a body that
 * can be regenerated. The transport is covered by MalformedAdmissionIT; here the volume matters.
 */
class AdmissionFuzzTest {
  private static final long SEED = 20261127L;
  private static final int BODIES = Integer.getInteger("fuzz.bodies", 10_000);
  private static final Duration SLOW = Duration.ofSeconds(2);
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final String PLACEHOLDER = "fuzz-deep-nesting-goes-here";

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void everyMutatedPodReviewIsAllowedOrRejectedWith400() throws Exception {
    ClusterFixture fixture = ClusterFixture.load("pod/cloudnative-csi-ready.yaml");
    {
      WebhookMetrics metrics = new WebhookMetrics();
      PodAdmission handler = new PodAdmission(new PodInjector(ClusterFixture.settings(true), fixture), Duration.ofSeconds(8),
          event -> { }, metrics);
      ObjectNode valid = AdmissionClient.review("Pod", "CREATE", "shop", AdmissionReviews.JSON.valueToTree(fixture.pod), null);
      Map<String, Integer> outcomes = new TreeMap<>();
      Map<String, Long> millis = new TreeMap<>();
      List<String> failures = new ArrayList<>();
      for (int i = 0; i < BODIES; i++) {
        Mutation mutation = mutate(valid, new Random(SEED + i));
        long start = System.nanoTime();
        AdmissionServer.Answer answer = AdmissionServer.respond(mutation.body(), handler, metrics, start,
            PathNames.WEBHOOK_INJECT);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        String verdict = check(answer);
        if (took.compareTo(SLOW) > 0) {
          verdict = "FAIL: took " + took.toMillis() + " ms";
        }
        outcomes.merge(mutation.name() + " -> " + verdict.split(":")[0], 1, Integer::sum);
        millis.merge(mutation.name(), took.toMillis(), Long::sum);
        if (verdict.startsWith("FAIL")) {
          failures.add("body " + i + " (" + mutation.name() + "): " + verdict);
        }
      }

      System.out.println("fuzz outcomes " + outcomes + ", handler ms per mutation " + millis);
      assertThat(failures).as("outcomes %s", outcomes).isEmpty();
      assertThat(outcomes.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(BODIES);
      assertThat(outcomes.keySet()).as("the mutations reach both answers").anyMatch(key -> key.endsWith("-> 400"))
          .anyMatch(key -> key.endsWith("-> 200"));
      AdmissionServer.Answer normal = AdmissionServer.respond(valid.toString().getBytes(StandardCharsets.UTF_8), handler,
          metrics, System.nanoTime(), PathNames.WEBHOOK_INJECT);
      assertThat(AdmissionReviews.JSON.readTree(normal.body()).path("response").has("patch"))
          .as("the handler still injects after the fuzzing").isTrue();
    }
  }

  /** One generated body and the name of the mutation that made it. */
  private record Mutation(String name, byte[] body) {}

  /** "200", "400" or "FAIL: why". */
  private static String check(AdmissionServer.Answer answer) {
    String text = new String(answer.body(), StandardCharsets.UTF_8);
    if (answer.status() == 400) {
      return "400";
    }
    if (answer.status() != 200) {
      return "FAIL: HTTP " + answer.status() + " " + abbreviate(text);
    }
    try {
      JsonNode root = AdmissionReviews.JSON.readTree(answer.body());
      JsonNode response = root.path("response");
      if (!AdmissionReviews.API_VERSION.equals(root.path("apiVersion").asText())
          || !AdmissionReviews.KIND.equals(root.path("kind").asText()) || response.path("uid").asText().isEmpty()
          || !response.path("allowed").isBoolean()) {
        return "FAIL: not an AdmissionReview " + abbreviate(text);
      }
      if (!response.path("allowed").asBoolean()) {
        return "FAIL: a pod was denied " + abbreviate(text);
      }
      if (response.has("patch")) {
        JsonNode patch = AdmissionReviews.JSON.readTree(Base64.getDecoder().decode(response.path("patch").asText()));
        if (!patch.isArray() || !"JSONPatch".equals(response.path("patchType").asText())) {
          return "FAIL: patch is not a JSONPatch array";
        }
      }
      return "200";
    } catch (Exception e) {
      return "FAIL: unreadable answer " + e + " " + abbreviate(text);
    }
  }

  private static Mutation mutate(ObjectNode valid, Random random) {
    byte[] bytes = valid.toString().getBytes(StandardCharsets.UTF_8);
    switch (random.nextInt(7)) {
      case 0 -> {
        return new Mutation("truncated", java.util.Arrays.copyOf(bytes, random.nextInt(bytes.length)));
      }
      case 1 -> {
        byte[] flipped = bytes.clone();
        for (int n = 1 + random.nextInt(8); n > 0; n--) {
          flipped[random.nextInt(flipped.length)] ^= (byte) (1 << random.nextInt(8));
        }
        return new Mutation("flipped-bytes", flipped);
      }
      case 2 -> {
        return new Mutation("wrong-type", replaceRandomNode(valid, random, randomScalarOrContainer(random)));
      }
      case 3 -> {
        ArrayNode huge = NODES.arrayNode();
        int size = 200 + random.nextInt(5_000);
        JsonNode element = randomScalarOrContainer(random);
        for (int i = 0; i < size; i++) {
          huge.add(element);
        }
        return new Mutation("huge-array", replaceRandomNode(valid, random, huge));
      }
      case 4 -> {
        // Beyond Jackson's default nesting limit (1000) as well as below it; written as text since Jackson refuses to write it.
        int depth = 10 + random.nextInt(1_500);
        StringBuilder nested = new StringBuilder();
        StringBuilder closing = new StringBuilder();
        for (int i = 0; i < depth; i++) {
          boolean array = random.nextBoolean();
          nested.append(array ? "[" : "{\"n\":");
          closing.append(array ? ']' : '}');
        }
        nested.append("\"bottom\"").append(closing.reverse());
        String placeholder = "\"" + PLACEHOLDER + "\"";
        String body = new String(replaceRandomNode(valid, random, NODES.textNode(PLACEHOLDER)), StandardCharsets.UTF_8);
        return new Mutation("deep-nesting", body.replace(placeholder, nested).getBytes(StandardCharsets.UTF_8));
      }
      case 5 -> {
        return new Mutation("removed-field", replaceRandomNode(valid, random, null));
      }
      default -> {
        byte[] noise = new byte[random.nextInt(4096)];
        random.nextBytes(noise);
        return new Mutation("random-bytes", noise);
      }
    }
  }

  /** A copy of the review with one randomly chosen node (anywhere in the tree) replaced, or removed when {@code value} is null. */
  private static byte[] replaceRandomNode(ObjectNode valid, Random random, JsonNode value) {
    ObjectNode copy = valid.deepCopy();
    List<JsonNode> containers = new ArrayList<>();
    collect(copy, containers);
    JsonNode parent = containers.get(random.nextInt(containers.size()));
    if (parent instanceof ObjectNode object) {
      List<String> names = new ArrayList<>();
      object.fieldNames().forEachRemaining(names::add);
      String name = names.get(random.nextInt(names.size()));
      if (value == null) {
        object.remove(name);
      } else {
        object.set(name, value);
      }
    } else {
      ArrayNode array = (ArrayNode) parent;
      int index = random.nextInt(array.size());
      if (value == null) {
        array.remove(index);
      } else {
        array.set(index, value);
      }
    }
    return copy.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** Every non-empty object or array of the tree, in document order. */
  private static void collect(JsonNode node, List<JsonNode> out) {
    if ((node.isObject() || node.isArray()) && !node.isEmpty()) {
      out.add(node);
      node.elements().forEachRemaining(child -> collect(child, out));
    }
  }

  private static JsonNode randomScalarOrContainer(Random random) {
    return switch (random.nextInt(8)) {
      case 0 -> NODES.nullNode();
      case 1 -> NODES.booleanNode(random.nextBoolean());
      case 2 -> NODES.numberNode(random.nextLong());
      case 3 -> NODES.numberNode(random.nextDouble() * 1e300);
      case 4 -> NODES.textNode("");
      case 5 -> NODES.textNode(new String(new char[] {(char) random.nextInt(0x10000), '\u0000', '/'}));
      case 6 -> NODES.arrayNode().add(random.nextInt()).add("x");
      default -> NODES.objectNode().put("unexpected", random.nextInt());
    };
  }

  private static String abbreviate(String text) {
    return text.length() <= 300 ? text : text.substring(0, 300) + "…";
  }
}
