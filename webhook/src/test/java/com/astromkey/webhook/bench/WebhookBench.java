package com.astromkey.webhook.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.astromkey.domain.names.PathNames;
import com.astromkey.webhook.admission.AdmissionHandler;
import com.astromkey.webhook.admission.AdmissionRequest;
import com.astromkey.webhook.admission.AdmissionResponse;
import com.astromkey.webhook.admission.AdmissionReviews;
import com.astromkey.webhook.admission.PatchOperation;
import com.astromkey.webhook.fixture.AdmissionClient;
import com.astromkey.webhook.fixture.ClusterFixture;
import com.astromkey.webhook.fixture.TestCertificates;
import com.astromkey.webhook.fixture.WebhookHarness;
import com.astromkey.webhook.metrics.WebhookMetrics;
import com.astromkey.webhook.server.AdmissionServer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.util.Headers;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.Test;
import org.xnio.Options;
import org.xnio.Sequence;

/**
 * Sustained pod AdmissionReviews/s and latency over HTTPS (TLS 1.3, keep-alive, N client connections), next to three ceilings on
 * the same TLS setup: a trivial Undertow handler, the admission server with an allow-all handler, and the admission server
 * answering the real patch of this review without computing it. Run only under {@code -Pbench};
 * writes {@code target/bench/webhook.md}.
 */
class WebhookBench {
  private static final int CONNECTIONS = Integer.getInteger("bench.connections", 8);
  private static final Duration WARMUP = Duration.ofSeconds(Long.getLong("bench.warmupSeconds", 8));
  private static final Duration MEASURE = Duration.ofSeconds(Long.getLong("bench.measureSeconds", 15));
  private static final int WORKERS = 32;

  /** One measured phase. */
  private record Result(String name, long requests, long errors, double seconds, long p50, long p90, long p99, long max) {
    double perSecond() {
      return requests / seconds;
    }

    String row() {
      return String.format("| %s | %,.0f | %.2f | %.2f | %.2f | %.2f | %d |", name, perSecond(), p50 / 1e6, p90 / 1e6, p99 / 1e6,
          max / 1e6, errors);
    }
  }

  @Test
  void podMutationAgainstTheStackCeiling() throws Exception {
    try (WebhookHarness harness = WebhookHarness.start(ClusterFixture.load("pod/cloudnative-csi-ready.yaml"), true, WORKERS)) {
      byte[] review = AdmissionClient.review("Pod", "CREATE", "shop", AdmissionReviews.JSON.valueToTree(harness.fixture.pod),
          null).toString().getBytes(StandardCharsets.UTF_8);
      byte[] answer = AdmissionReviews.write("00000000-0000-0000-0000-000000000000", AdmissionResponse.allow());
      Undertow trivial = trivialServer(harness, answer);
      AdmissionServer allowServer = fixedAnswerServer(harness, AdmissionResponse.allow());
      // The real server's patch for this review, answered without computing it: the ceiling for a response of that size.
      JsonNode realPatch = AdmissionClient.patch(harness.client().admit(PathNames.WEBHOOK_INJECT,
          (ObjectNode) AdmissionReviews.JSON.readTree(review)));
      List<PatchOperation> operations = new ArrayList<>();
      realPatch.forEach(op -> operations.add(new PatchOperation(op.path("op").asText(), op.path("path").asText(),
          op.get("value"))));
      assertThat(operations).as("the bench review is injected").isNotEmpty();
      AdmissionServer fixedPatchServer = fixedAnswerServer(harness, AdmissionResponse.allowWithPatch(operations));
      try {
        int trivialPort = ((InetSocketAddress) trivial.getListenerInfo().get(0).getAddress()).getPort();
        List<Result> results = new ArrayList<>();
        // Alternating rounds so that load from other processes on the machine hits all three alike.
        for (int round = 0; round < 2; round++) {
          boolean warm = round == 0;
          results.add(run("trivial Undertow handler", harness.ca, trivialPort, review, warm));
          results.add(run("admission server, allow-all handler", harness.ca, allowServer.port(), review, warm));
          results.add(run("admission server, fixed answer with the same patch", harness.ca, fixedPatchServer.port(), review,
              warm));
          results.add(run("admission server, pod mutation (/inject)", harness.ca, harness.port(), review, warm));
        }
        results.removeIf(result -> result == null);
        String report = report(results, review.length);
        System.out.println(report);
        Path out = Path.of("target", "bench", "webhook.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report);
        assertThat(results).allSatisfy(result -> assertThat(result.errors()).isZero());
      } finally {
        fixedPatchServer.close();
        allowServer.close();
        trivial.stop();
      }
    }
  }

  /** The admission server (parse, metrics, write) with a handler that always gives {@code response}. */
  private static AdmissionServer fixedAnswerServer(WebhookHarness harness, AdmissionResponse response) throws Exception {
    return AdmissionServer.start("127.0.0.1", 0, harness.keyManager, Map.of(PathNames.WEBHOOK_INJECT, new AdmissionHandler() {
      @Override
      public String kind() {
        return "pod";
      }

      @Override
      public AdmissionResponse handle(AdmissionRequest request) {
        return response;
      }
    }), new WebhookMetrics(), WORKERS);
  }

  /** The same listener settings as AdmissionServer, answering a fixed review after reading the body on a worker thread. */
  private static Undertow trivialServer(WebhookHarness harness, byte[] answer) throws Exception {
    SSLContext context = SSLContext.getInstance(AdmissionServer.TLS_PROTOCOL);
    context.init(new KeyManager[] {harness.keyManager}, null, null);
    Undertow undertow = Undertow.builder()
        .addHttpsListener(0, "127.0.0.1", context)
        .setSocketOption(Options.SSL_ENABLED_PROTOCOLS, Sequence.of(AdmissionServer.TLS_PROTOCOL))
        .setServerOption(UndertowOptions.MAX_ENTITY_SIZE, 8L * 1024 * 1024)
        .setIoThreads(2)
        .setWorkerThreads(WORKERS)
        .setHandler(exchange -> exchange.getRequestReceiver().receiveFullBytes((ex, body) -> ex.dispatch(() -> {
          ex.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
          ex.getResponseSender().send(ByteBuffer.wrap(answer));
        })))
        .build();
    undertow.start();
    return undertow;
  }

  /** Closed loop: CONNECTIONS threads, each with its own keep-alive connection, post the review back to back. */
  private static Result run(String name, TestCertificates ca, int port, byte[] review, boolean warmup) throws Exception {
    Duration length = warmup ? WARMUP : MEASURE;
    AtomicBoolean stop = new AtomicBoolean();
    AtomicLong errors = new AtomicLong();
    long[][] latencies = new long[CONNECTIONS][];
    int[] counts = new int[CONNECTIONS];
    CountDownLatch ready = new CountDownLatch(CONNECTIONS);
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    URI uri = URI.create("https://localhost:" + port + PathNames.WEBHOOK_INJECT);
    for (int t = 0; t < CONNECTIONS; t++) {
      int index = t;
      Thread thread = new Thread(() -> {
        SSLParameters parameters = new SSLParameters();
        parameters.setProtocols(new String[] {AdmissionServer.TLS_PROTOCOL});
        HttpClient http = HttpClient.newBuilder().sslContext(ca.clientContext(AdmissionServer.TLS_PROTOCOL))
            .sslParameters(parameters).version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest request = HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
            .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofByteArray(review)).build();
        long[] samples = new long[1 << 16];
        int n = 0;
        try {
          // The handshake is outside the measurement: the API server keeps its connections alive.
          http.send(request, HttpResponse.BodyHandlers.ofByteArray());
          ready.countDown();
          go.await();
          while (!stop.get()) {
            long start = System.nanoTime();
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            long took = System.nanoTime() - start;
            if (response.statusCode() != 200) {
              errors.incrementAndGet();
            }
            if (n == samples.length) {
              samples = Arrays.copyOf(samples, n * 2);
            }
            samples[n++] = took;
          }
        } catch (Exception e) {
          errors.incrementAndGet();
          ready.countDown();
        }
        latencies[index] = samples;
        counts[index] = n;
      }, "bench-client-" + t);
      threads.add(thread);
      thread.start();
    }
    ready.await();
    long start = System.nanoTime();
    go.countDown();
    Thread.sleep(length.toMillis());
    stop.set(true);
    for (Thread thread : threads) {
      thread.join();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    if (warmup) {
      return null;
    }
    long[] all = new long[Arrays.stream(counts).sum()];
    int offset = 0;
    for (int t = 0; t < CONNECTIONS; t++) {
      System.arraycopy(latencies[t], 0, all, offset, counts[t]);
      offset += counts[t];
    }
    Arrays.sort(all);
    return new Result(name, all.length, errors.get(), seconds, percentile(all, 0.50), percentile(all, 0.90),
        percentile(all, 0.99), all.length == 0 ? 0 : all[all.length - 1]);
  }

  private static long percentile(long[] sorted, double p) {
    return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
  }

  private static String report(List<Result> results, int requestBytes) {
    Result trivial = results.get(0);
    Result mutation = results.get(results.size() - 1);
    StringBuilder out = new StringBuilder();
    out.append("Webhook benchmark ").append(Instant.now()).append('\n');
    out.append(String.format("machine: %d cores, %s %s, %s; connections=%d, warm-up %ds, measured %ds per phase, "
            + "request %d bytes (cloudnative-csi-ready pod review), client and server in the same JVM%n%n",
        Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"), System.getProperty("java.version"),
        System.getProperty("os.name"), CONNECTIONS, WARMUP.toSeconds(), MEASURE.toSeconds(), requestBytes));
    out.append("| phase | reviews/s | p50 ms | p90 ms | p99 ms | max ms | errors |\n|---|---|---|---|---|---|---|\n");
    results.forEach(result -> out.append(result.row()).append('\n'));
    Result fixedPatch = results.get(results.size() - 2);
    out.append(String.format("%npod mutation / trivial handler = %.2f×%n", mutation.perSecond() / trivial.perSecond()));
    out.append(String.format("pod mutation / fixed answer with the same patch = %.2f×%n",
        mutation.perSecond() / fixedPatch.perSecond()));
    return out.toString();
  }
}
