package com.astromkey.webhook.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.astromkey.domain.names.PathNames;
import com.astromkey.oci.transport.NativeTls;
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
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
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
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.xnio.Options;
import org.xnio.Sequence;

/**
 * Sustained pod AdmissionReviews/s and latency over HTTPS (TLS 1.3, keep-alive, N client connections), next to three ceilings on
 * the same TLS setup: a trivial Undertow handler, the admission server with an allow-all handler, and the admission server
 * answering the real patch of this review without computing it. The phases' measured time is split into alternating rounds;
 * the load generator is the JDK HttpClient ({@code -Dbench.client=socket}: a lean keep-alive TLS socket client); every server
 * uses the JDK's TLS ({@code -Dbench.tls=native}: BoringSSL engines). Run only under {@code -Pbench}; writes
 * {@code target/bench/webhook.md}.
 */
class WebhookBench {
  private static final int CONNECTIONS = Integer.getInteger("bench.connections", 8);
  private static final Duration WARMUP = Duration.ofSeconds(Long.getLong("bench.warmupSeconds", 8));
  private static final Duration MEASURE = Duration.ofSeconds(Long.getLong("bench.measureSeconds", 15));
  private static final int WORKERS = 32;
  /** {@code jdk}: the JDK HttpClient (as in every earlier run); {@code socket}: a lean blocking TLS socket speaking HTTP/1.1. */
  private static final String CLIENT = System.getProperty("bench.client", "jdk");
  private static final int ROUNDS = Integer.getInteger("bench.rounds", 5);
  /** {@code jdk}: the JDK's TLS on every server (as in every earlier run); {@code native}: BoringSSL engines on every server. */
  private static final String TLS = System.getProperty("bench.tls", "jdk");
  private static final String[] PHASES = {"trivial Undertow handler", "trivial handler, answer sent from the I/O thread",
      "trivial handler, answered on the I/O thread (no worker)", "admission server, allow-all handler",
      "admission server, fixed answer with the same patch", "admission server, pod mutation (/inject)"};

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
    boolean nativeTls = "native".equals(TLS);
    try (WebhookHarness harness = WebhookHarness.start(ClusterFixture.load("pod/cloudnative-csi-ready.yaml"), true, WORKERS,
        nativeTls)) {
      assertThat(NativeTls.isNative(harness.tlsContext())).as("server TLS " + TLS).isEqualTo(nativeTls);
      byte[] review = AdmissionClient.review("Pod", "CREATE", "shop", AdmissionReviews.JSON.valueToTree(harness.fixture.pod),
          null).toString().getBytes(StandardCharsets.UTF_8);
      byte[] answer = AdmissionReviews.write("00000000-0000-0000-0000-000000000000", AdmissionResponse.allow());
      Undertow trivial = trivialServer(harness, answer, Trivial.WORKER);
      Undertow trivialIoSend = trivialServer(harness, answer, Trivial.WORKER_THEN_IO_THREAD);
      Undertow trivialIoOnly = trivialServer(harness, answer, Trivial.IO_THREAD);
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
        int[] ports = {port(trivial), port(trivialIoSend), port(trivialIoOnly), allowServer.port(), fixedPatchServer.port(),
            harness.port()};
        for (int phase = 0; phase < PHASES.length; phase++) {
          run(harness.ca, ports[phase], review, WARMUP);
        }
        // The measured time of each phase is cut into rounds that alternate between the phases, so that load from other
        // processes, JIT and GC activity hit all phases alike instead of whichever phase happened to run at that moment.
        Samples[] samples = new Samples[PHASES.length];
        Duration slice = MEASURE.dividedBy(ROUNDS);
        for (int round = 0; round < ROUNDS; round++) {
          for (int phase = 0; phase < PHASES.length; phase++) {
            Samples taken = run(harness.ca, ports[phase], review, slice);
            samples[phase] = samples[phase] == null ? taken : samples[phase].plus(taken);
          }
        }
        List<Result> results = new ArrayList<>();
        for (int phase = 0; phase < PHASES.length; phase++) {
          results.add(samples[phase].result(PHASES[phase]));
        }
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
        trivialIoSend.stop();
        trivialIoOnly.stop();
      }
    }
  }

  /** The admission server (parse, metrics, write) with a handler that always gives {@code response}. */
  private static AdmissionServer fixedAnswerServer(WebhookHarness harness, AdmissionResponse response) throws Exception {
    return AdmissionServer.start("127.0.0.1", 0, harness.tlsContext(), Map.of(PathNames.WEBHOOK_INJECT, new AdmissionHandler() {
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

  /** Where a trivial handler answers: the bench's first baseline, the admission server's way, and no worker at all. */
  private enum Trivial { WORKER, WORKER_THEN_IO_THREAD, IO_THREAD }

  /** The same listener settings as AdmissionServer, answering a fixed review once the body is read. */
  private static Undertow trivialServer(WebhookHarness harness, byte[] answer, Trivial mode) {
    Undertow undertow = Undertow.builder()
        .addHttpsListener(0, "127.0.0.1", harness.tlsContext())
        .setSocketOption(Options.SSL_ENABLED_PROTOCOLS, Sequence.of(AdmissionServer.TLS_PROTOCOL))
        .setServerOption(UndertowOptions.MAX_ENTITY_SIZE, 8L * 1024 * 1024)
        .setIoThreads(2)
        .setWorkerThreads(WORKERS)
        .setHandler(exchange -> exchange.getRequestReceiver().receiveFullBytes((ex, body) -> {
          Runnable send = () -> {
            ex.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
            ex.getResponseSender().send(ByteBuffer.wrap(answer));
          };
          switch (mode) {
            case WORKER -> ex.dispatch(send);
            case WORKER_THEN_IO_THREAD -> ex.dispatch(() -> ex.getIoThread().execute(send));
            case IO_THREAD -> send.run();
          }
        }))
        .build();
    undertow.start();
    return undertow;
  }

  private static int port(Undertow undertow) {
    return ((InetSocketAddress) undertow.getListenerInfo().get(0).getAddress()).getPort();
  }

  /** Latencies (ns) and errors of one or more measured slices of a phase. */
  private record Samples(long[] latencies, long errors, double seconds) {
    Samples plus(Samples other) {
      long[] all = Arrays.copyOf(latencies, latencies.length + other.latencies.length);
      System.arraycopy(other.latencies, 0, all, latencies.length, other.latencies.length);
      return new Samples(all, errors + other.errors, seconds + other.seconds);
    }

    Result result(String name) {
      long[] sorted = latencies.clone();
      Arrays.sort(sorted);
      return new Result(name, sorted.length, errors, seconds, percentile(sorted, 0.50), percentile(sorted, 0.90),
          percentile(sorted, 0.99), sorted.length == 0 ? 0 : sorted[sorted.length - 1]);
    }
  }

  /** Posts one review and waits for the whole answer; returns the HTTP status. */
  private interface Connection extends AutoCloseable {
    int post() throws IOException, InterruptedException;

    @Override
    void close() throws IOException;
  }

  /** Closed loop: CONNECTIONS threads, each with its own keep-alive connection, post the review back to back. */
  private static Samples run(TestCertificates ca, int port, byte[] review, Duration length) throws Exception {
    AtomicBoolean stop = new AtomicBoolean();
    AtomicLong errors = new AtomicLong();
    long[][] latencies = new long[CONNECTIONS][];
    int[] counts = new int[CONNECTIONS];
    CountDownLatch ready = new CountDownLatch(CONNECTIONS);
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < CONNECTIONS; t++) {
      int index = t;
      Thread thread = new Thread(() -> {
        long[] samples = new long[1 << 14];
        int n = 0;
        try (Connection connection = connect(ca, port, review)) {
          // The handshake is outside the measurement: the API server keeps its connections alive.
          connection.post();
          ready.countDown();
          go.await();
          while (!stop.get()) {
            long start = System.nanoTime();
            int status = connection.post();
            long took = System.nanoTime() - start;
            if (status != 200) {
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
    long[] all = new long[Arrays.stream(counts).sum()];
    int offset = 0;
    for (int t = 0; t < CONNECTIONS; t++) {
      System.arraycopy(latencies[t], 0, all, offset, counts[t]);
      offset += counts[t];
    }
    return new Samples(all, errors.get(), seconds);
  }

  private static Connection connect(TestCertificates ca, int port, byte[] review) throws IOException {
    return "jdk".equals(CLIENT) ? jdkClient(ca, port, review) : socketClient(ca, port, review);
  }

  private static Connection jdkClient(TestCertificates ca, int port, byte[] review) {
    SSLParameters parameters = new SSLParameters();
    parameters.setProtocols(new String[] {AdmissionServer.TLS_PROTOCOL});
    HttpClient http = HttpClient.newBuilder().sslContext(ca.clientContext(AdmissionServer.TLS_PROTOCOL))
        .sslParameters(parameters).version(HttpClient.Version.HTTP_1_1).build();
    HttpRequest request = HttpRequest.newBuilder(URI.create("https://localhost:" + port + PathNames.WEBHOOK_INJECT))
        .header("Content-Type", "application/json").timeout(Duration.ofSeconds(10))
        .POST(HttpRequest.BodyPublishers.ofByteArray(review)).build();
    return new Connection() {
      @Override
      public int post() throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofByteArray()).statusCode();
      }

      @Override
      public void close() {
        // JDK 17's HttpClient has no close(); its connections end with the client
      }
    };
  }

  /**
   * A lean HTTP/1.1 client on a blocking TLS 1.3 socket (host name verified against the test CA), like a load generator that
   * spends little of the two shared cores: the request in one write, the answer read up to its Content-Length.
   */
  private static Connection socketClient(TestCertificates ca, int port, byte[] review) throws IOException {
    SSLSocket socket = (SSLSocket) ca.clientContext(AdmissionServer.TLS_PROTOCOL).getSocketFactory().createSocket("localhost", port);
    SSLParameters parameters = socket.getSSLParameters();
    parameters.setProtocols(new String[] {AdmissionServer.TLS_PROTOCOL});
    parameters.setEndpointIdentificationAlgorithm("HTTPS");
    socket.setSSLParameters(parameters);
    socket.setTcpNoDelay(true);
    socket.setSoTimeout(10_000);
    socket.startHandshake();
    byte[] head = ("POST " + PathNames.WEBHOOK_INJECT + " HTTP/1.1\r\nHost: localhost:" + port
        + "\r\nContent-Type: application/json\r\nContent-Length: " + review.length + "\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII);
    byte[] request = Arrays.copyOf(head, head.length + review.length);
    System.arraycopy(review, 0, request, head.length, review.length);
    OutputStream out = socket.getOutputStream();
    InputStream in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
    byte[] body = new byte[64 * 1024];
    return new Connection() {
      @Override
      public int post() throws IOException {
        out.write(request);
        out.flush();
        String status = line(in);
        long length = -1;
        for (String header = line(in); !header.isEmpty(); header = line(in)) {
          int colon = header.indexOf(':');
          if (colon > 0 && header.substring(0, colon).trim().equalsIgnoreCase("Content-Length")) {
            length = Long.parseLong(header.substring(colon + 1).trim());
          }
        }
        if (length < 0 || length > body.length) {
          throw new IOException("answer without a usable Content-Length: " + status);
        }
        in.readNBytes(body, 0, (int) length);
        return Integer.parseInt(status.split(" ")[1]);
      }

      @Override
      public void close() throws IOException {
        socket.close();
      }
    };
  }

  private static String line(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder(64);
    for (int c = in.read(); c != '\n'; c = in.read()) {
      if (c < 0) {
        throw new EOFException("connection closed by the server");
      }
      if (c != '\r') {
        line.append((char) c);
      }
    }
    return line.toString();
  }

  private static long percentile(long[] sorted, double p) {
    return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
  }

  private static String report(List<Result> results, int requestBytes) {
    Result trivial = results.get(0);
    Result ceiling = results.subList(0, 3).stream().max(java.util.Comparator.comparingDouble(Result::perSecond)).orElseThrow();
    Result mutation = results.get(results.size() - 1);
    StringBuilder out = new StringBuilder();
    out.append("Webhook benchmark ").append(Instant.now()).append('\n');
    out.append(String.format("machine: %d cores, %s %s, %s; connections=%d, client=%s, server TLS=%s, warm-up %ds, measured %ds "
            + "per phase in %d alternating rounds, request %d bytes (cloudnative-csi-ready pod review), client and server in the same "
            + "JVM%n%n",
        Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"), System.getProperty("java.version"),
        System.getProperty("os.name"), CONNECTIONS, CLIENT, TLS, WARMUP.toSeconds(), MEASURE.toSeconds(), ROUNDS, requestBytes));
    out.append("| phase | reviews/s | p50 ms | p90 ms | p99 ms | max ms | errors |\n|---|---|---|---|---|---|---|\n");
    results.forEach(result -> out.append(result.row()).append('\n'));
    Result fixedPatch = results.get(results.size() - 2);
    out.append(String.format("%npod mutation / trivial handler = %.2f×%n", mutation.perSecond() / trivial.perSecond()));
    out.append(String.format("pod mutation / fastest trivial handler (%s) = %.2f×%n", ceiling.name(),
        mutation.perSecond() / ceiling.perSecond()));
    out.append(String.format("pod mutation / fixed answer with the same patch = %.2f×%n",
        mutation.perSecond() / fixedPatch.perSecond()));
    return out.toString();
  }
}
