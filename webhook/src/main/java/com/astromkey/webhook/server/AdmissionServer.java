package com.astromkey.webhook.server;

import com.astromkey.webhook.admission.AdmissionHandler;
import com.astromkey.webhook.admission.AdmissionRequest;
import com.astromkey.webhook.admission.AdmissionResponse;
import com.astromkey.webhook.admission.AdmissionReviews;
import com.astromkey.webhook.metrics.WebhookMetrics;
import io.undertow.Undertow;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.Options;
import org.xnio.Sequence;

/** The HTTPS admission listener on Undertow: TLS 1.3 only, one handler per path, v1 AdmissionReviews in and out (webhook.md §2). */
public final class AdmissionServer implements AutoCloseable {
  public static final String TLS_PROTOCOL = "TLSv1.3";
  private static final Logger LOG = LoggerFactory.getLogger(AdmissionServer.class);
  private static final int MAX_BODY_BYTES = 8 * 1024 * 1024;

  private final Undertow undertow;

  private AdmissionServer(Undertow undertow) {
    this.undertow = undertow;
  }

  /**
   * Binds {@code host:port} (port 0 = any free port) with a key manager that may be swapped later; requests run on a bounded
   * pool of {@code workerThreads}.
   */
  public static AdmissionServer start(String host, int port, ReloadingKeyManager keyManager, Map<String, AdmissionHandler> routes,
      WebhookMetrics metrics, int workerThreads) throws GeneralSecurityException {
    return start(host, port, tlsContext(keyManager), routes, metrics, workerThreads);
  }

  /** As above with a TLS context of the caller's, which must serve TLS 1.3 (the bench compares TLS implementations). */
  public static AdmissionServer start(String host, int port, SSLContext context, Map<String, AdmissionHandler> routes,
      WebhookMetrics metrics, int workerThreads) {
    Undertow undertow = Undertow.builder()
        .addHttpsListener(port, host, context)
        .setSocketOption(Options.SSL_ENABLED_PROTOCOLS, Sequence.of(TLS_PROTOCOL))
        .setServerOption(io.undertow.UndertowOptions.MAX_ENTITY_SIZE, (long) MAX_BODY_BYTES)
        .setIoThreads(2)
        .setWorkerThreads(workerThreads)
        .setHandler(exchange -> route(exchange, routes, metrics))
        .build();
    undertow.start();
    return new AdmissionServer(undertow);
  }

  /** The listener's TLS 1.3 context over {@code keyManager}: the JDK's (BoringSSL was measured and not adopted, ADR 0007). */
  public static SSLContext tlsContext(ReloadingKeyManager keyManager) throws GeneralSecurityException {
    SSLContext context = SSLContext.getInstance(TLS_PROTOCOL);
    context.init(new KeyManager[] {keyManager}, null, null);
    return context;
  }

  public int port() {
    return ((InetSocketAddress) undertow.getListenerInfo().get(0).getAddress()).getPort();
  }

  private static void route(HttpServerExchange exchange, Map<String, AdmissionHandler> routes, WebhookMetrics metrics) {
    AdmissionHandler handler = routes.get(exchange.getRequestPath());
    if (handler == null) {
      plain(exchange, 404, "no admission endpoint at " + exchange.getRequestPath());
      return;
    }
    if (!Methods.POST.equals(exchange.getRequestMethod())) {
      plain(exchange, 405, "admission requests are POSTed");
      return;
    }
    long start = System.nanoTime();
    exchange.getRequestReceiver().receiveFullBytes(
        (ex, body) -> {
          // Off the I/O thread: parsing, handlers and writing are CPU work; the pod handler may run until its deadline.
          ex.dispatch(() -> answer(ex, body, handler, metrics, start));
        },
        (ex, error) -> plain(ex, 400, "cannot read the request body"));
  }

  /** What the listener sends back for one request body: status, content type and bytes. */
  public record Answer(int status, String contentType, byte[] body) {}

  private static void answer(HttpServerExchange exchange, byte[] body, AdmissionHandler handler, WebhookMetrics metrics,
      long start) {
    // The answer is written from the connection's I/O thread: the exchange then completes there, where Undertow re-arms the
    // connection for the next request without the cross-thread hand-over that made the I/O thread spin while a worker
    // finished the exchange (ADR 0009; docs/performance.md, webhook runs 22-25).
    respondWithinDeadline(body, handler, metrics, start, exchange.getRequestPath(),
        answer -> exchange.getIoThread().execute(() -> {
          exchange.setStatusCode(answer.status());
          exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, answer.contentType());
          exchange.getResponseSender().send(ByteBuffer.wrap(answer.body()));
        }));
  }

  /**
   * As {@link #respond}, on the calling thread, but if the handler has a deadline and it passes first, {@code send} gets the
   * handler's timed-out answer from the deadline thread instead (webhook.md §7), at most {@link AdmissionDeadlines#TICK} late.
   * {@code send} is called exactly once; the late answer is dropped. The handler is not interrupted: the pod path makes no
   * blocking calls an interrupt could end.
   */
  public static void respondWithinDeadline(byte[] body, AdmissionHandler handler, WebhookMetrics metrics, long start, String path,
      Consumer<Answer> send) {
    Optional<AdmissionHandler.Deadline> deadline = handler.deadline();
    if (deadline.isEmpty()) {
      send.accept(respond(body, handler, metrics, start, path));
      return;
    }
    AdmissionDeadlines.InFlight request = AdmissionDeadlines.watch(start, deadline.get().after(),
        () -> send.accept(counted(timedOut(body, deadline.get()), handler, metrics, start)));
    Outcome outcome = compute(body, handler, path);
    // the admission is counted and recorded once, with the answer that is sent
    if (request.claim()) {
      send.accept(counted(outcome, handler, metrics, start));
    }
  }

  private static Outcome timedOut(byte[] body, AdmissionHandler.Deadline deadline) {
    try {
      AdmissionRequest request = AdmissionReviews.parse(body);
      return reviewed(request, deadline.timedOut().apply(request));
    } catch (AdmissionReviews.BadReviewException | RuntimeException e) {
      // the body was a review when the handler got it, so this is a bug; still answer, so the API server does not wait
      LOG.error("Could not answer a timed-out admission", e);
      return new Outcome(text(500, "internal error while answering a timed-out admission"), "error");
    }
  }


  /**
   * The whole request-to-answer step without the transport, so that tests can drive it with thousands of bodies: a body that is
   * no v1 AdmissionReview is a 400, a handler exception a 500 (never for pods, whose handler does not throw), else a review.
   */
  public static Answer respond(byte[] body, AdmissionHandler handler, WebhookMetrics metrics, long start, String path) {
    return counted(compute(body, handler, path), handler, metrics, start);
  }

  /** An answer, its {@code result} metric label and the handler's records; recorded only for the answer that is sent. */
  private record Outcome(Answer answer, String result, Runnable onSent) {
    Outcome(Answer answer, String result) {
      this(answer, result, () -> { });
    }
  }

  private static Outcome compute(byte[] body, AdmissionHandler handler, String path) {
    AdmissionRequest request;
    try {
      request = AdmissionReviews.parse(body);
    } catch (AdmissionReviews.BadReviewException e) {
      return new Outcome(text(400, e.getMessage()), "error");
    }
    AdmissionHandler.Handled handled;
    try {
      handled = handler.handleDeferred(request);
    } catch (RuntimeException e) {
      // The pod handler never gets here; for the others the API server applies the configured failurePolicy.
      LOG.error("Admission {} on {} failed", request.uid(), path, e);
      return new Outcome(text(500, "internal error while answering admission " + request.uid()), "error");
    }
    return reviewed(request, handled.response(), handled.onSent());
  }

  private static Outcome reviewed(AdmissionRequest request, AdmissionResponse response) {
    return reviewed(request, response, () -> { });
  }

  private static Outcome reviewed(AdmissionRequest request, AdmissionResponse response, Runnable onSent) {
    return new Outcome(new Answer(200, "application/json", AdmissionReviews.write(request.uid(), response)),
        response.allowed() ? "allowed" : "denied", onSent);
  }

  private static Answer counted(Outcome outcome, AdmissionHandler handler, WebhookMetrics metrics, long start) {
    outcome.onSent().run();
    metrics.admission(handler.kind(), outcome.result(), Duration.ofNanos(System.nanoTime() - start));
    return outcome.answer();
  }

  private static Answer text(int status, String message) {
    return new Answer(status, "text/plain; charset=utf-8", message.getBytes(StandardCharsets.UTF_8));
  }

  static void plain(HttpServerExchange exchange, int status, String message) {
    exchange.setStatusCode(status);
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; charset=utf-8");
    exchange.getResponseSender().send(message, StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    undertow.stop();
  }
}
