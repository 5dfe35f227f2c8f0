package com.astromkey.sandbox.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The simulator on its own, over plain HTTP: query validation, control API, zips and the registry front. */
class TenantSimulatorIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY).build();
  private TenantSimulator sim;

  @BeforeEach
  void start() {
    sim = TenantSimulator.startHttp();
  }

  @AfterEach
  void stop() {
    sim.close();
  }

  private HttpResponse<byte[]> send(String method, String path, String body, String authorization) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(sim.baseUrl() + path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private HttpResponse<byte[]> get(String path) throws Exception {
    return send("GET", path, null, "Api-Token " + TenantSimState.DEFAULT_API_TOKEN);
  }

  private static JsonNode json(HttpResponse<byte[]> r) throws IOException {
    return JSON.readTree(r.body());
  }

  @Test
  void aMissingRequiredQueryParameterIs400WithAConstraintViolation() throws Exception {
    HttpResponse<byte[]> r = get("/api/v1/deployment/installer/agent/unix/default/latest/metainfo?flavor=default");

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(json(r).at("/error/constraintViolations/0/path").asText()).isEqualTo("bitness");
  }

  @Test
  void unknownAndMissingTokensAre401() throws Exception {
    assertThat(send("GET", "/api/v1/deployment/installer/gateway/unix/latest/metainfo", null, null).statusCode()).isEqualTo(401);
    assertThat(send("GET", "/api/v1/deployment/installer/gateway/unix/latest/metainfo", null, "Api-Token nope").statusCode())
        .isEqualTo(401);
    assertThat(sim.requests()).extracting(SimRequest::tokenKind).containsExactly("none", "unknown");
  }

  @Test
  void zipsHoldTheAgentContractFilesAndHonourInclude() throws Exception {
    HttpResponse<byte[]> r = get("/api/v1/deployment/installer/agent/unix/paas/version/1.299.0.20240801-100000"
        + "?flavor=multidistro&arch=arm&bitness=64&skipMetadata=true&include=java&include=php");

    assertThat(r.statusCode()).isEqualTo(200);
    List<String> names = new ArrayList<>();
    String lib = null;
    try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(r.body()))) {
      for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
        names.add(e.getName());
        if (e.getName().equals("agent/lib64/liboneagentproc.so")) {
          lib = new String(zip.readAllBytes(), StandardCharsets.UTF_8);
        }
      }
    }
    assertThat(names).containsExactly("agent/lib64/liboneagentproc.so", "agent/conf/akagentproc.conf",
        "agent/tech/java/libjava.so", "agent/tech/php/libphp.so", "agent/arch", "manifest.json");
    assertThat(lib).isEqualTo("astromkey-test-agent 1.299.0.20240801-100000 arm\n");
    assertThat(r.body()).isEqualTo(sim.zip("1.299.0.20240801-100000", "arm", "multidistro", List.of("java", "php")));
  }

  @Test
  void controlApiSetsStateInjectsFaultsAndShowsTheLog() throws Exception {
    assertThat(send("PUT", "/__sim/state", "{\"latestGatewayVersion\":\"1.400.0.20250101-000000\"}", null).statusCode())
        .isEqualTo(200);
    assertThat(send("POST", "/__sim/faults",
        "{\"match\":{\"method\":\"GET\",\"pathRegex\":\".*/gateway/unix/latest/metainfo\"},\"kind\":\"status\","
            + "\"params\":{\"code\":429,\"retryAfter\":\"30\"},\"times\":1}", null).statusCode()).isEqualTo(201);

    HttpResponse<byte[]> limited = get("/api/v1/deployment/installer/gateway/unix/latest/metainfo");
    HttpResponse<byte[]> ok = get("/api/v1/deployment/installer/gateway/unix/latest/metainfo");

    assertThat(limited.statusCode()).isEqualTo(429);
    assertThat(limited.headers().firstValue("Retry-After")).contains("30");
    assertThat(json(limited).at("/error/code").asInt()).isEqualTo(429);
    assertThat(json(ok).path("latestGatewayVersion").asText()).isEqualTo("1.400.0.20250101-000000");
    JsonNode log = json(send("GET", "/__sim/requests", null, null));
    assertThat(log).hasSize(2);
    assertThat(log.get(0).path("status").asInt()).isEqualTo(429);
    assertThat(log.get(0).path("tokenKind").asText()).isEqualTo("api");
    assertThat(log.toString()).doesNotContain(TenantSimState.DEFAULT_API_TOKEN);

    assertThat(send("DELETE", "/__sim/requests", null, null).statusCode()).isEqualTo(204);
    assertThat(sim.requests()).isEmpty();
  }

  @Test
  void malformedJsonFaultSendsABrokenObject() throws Exception {
    sim.fault(SimFault.malformedJson().onPath(".*/metainfo").times(2));

    HttpResponse<byte[]> r = get("/api/v1/deployment/installer/gateway/unix/latest/metainfo");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).contains("application/json");
    assertThat(new String(r.body(), StandardCharsets.UTF_8)).startsWith("{").doesNotEndWith("}");
  }

  @Test
  void faultsCanBeLimitedToATokenKind() throws Exception {
    sim.fault(SimFault.status(503).onPath(".*").tokenKind("paas"));

    assertThat(get("/api/v1/deployment/installer/gateway/unix/latest/metainfo").statusCode()).isEqualTo(200);
  }

  @Test
  void theRegistryFrontWantsBasicWithTheTenantUuidAndForwards() throws Exception {
    HttpServer upstream = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    upstream.createContext("/", ex -> {
      byte[] body = ("upstream saw " + ex.getRequestURI() + " auth=" + ex.getRequestHeaders().getFirst("Authorization"))
          .getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().set("Docker-Content-Digest", "sha256:abc");
      ex.sendResponseHeaders(200, body.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(body);
      }
    });
    upstream.start();
    try {
      sim.forwardRegistryTo(URI.create("http://127.0.0.1:" + upstream.getAddress().getPort()), http, "Basic dXA6c3RyZWFt");

      HttpResponse<byte[]> anonymous = send("GET", "/v2/", null, null);
      assertThat(anonymous.statusCode()).isEqualTo(401);
      assertThat(anonymous.headers().firstValue("WWW-Authenticate")).contains("Basic realm=\"tenant-registry\"");
      String wrongUser = "Basic " + Base64.getEncoder().encodeToString(("other:" + TenantSimState.DEFAULT_API_TOKEN).getBytes(StandardCharsets.UTF_8));
      assertThat(send("GET", "/v2/", null, wrongUser).statusCode()).isEqualTo(401);

      String basic = "Basic " + Base64.getEncoder().encodeToString(("abc12345:" + TenantSimState.DEFAULT_API_TOKEN).getBytes(StandardCharsets.UTF_8));
      HttpResponse<byte[]> forwarded = send("GET", "/v2/linux/oneagent/manifests/1.301.0-raw", null, basic);
      assertThat(forwarded.statusCode()).isEqualTo(200);
      assertThat(new String(forwarded.body(), StandardCharsets.UTF_8))
          .isEqualTo("upstream saw /v2/linux/oneagent/manifests/1.301.0-raw auth=Basic dXA6c3RyZWFt");
      assertThat(forwarded.headers().firstValue("Docker-Content-Digest")).contains("sha256:abc");
    } finally {
      upstream.stop(0);
    }
  }
}
