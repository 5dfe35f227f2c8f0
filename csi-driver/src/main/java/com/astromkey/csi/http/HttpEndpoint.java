package com.astromkey.csi.http;

import io.undertow.Undertow;
import io.undertow.server.HttpHandler;
import io.undertow.server.handlers.PathHandler;
import io.undertow.util.Headers;
import io.undertow.util.StatusCodes;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.function.Supplier;

/** A small plain-HTTP Undertow listener for health and metrics paths of the csi-* modes. */
public final class HttpEndpoint implements AutoCloseable {
  /** A response computed per request. */
  public record Response(int status, String contentType, String body) {
    public static Response text(int status, String body) {
      return new Response(status, "text/plain; charset=utf-8", body);
    }
  }

  private final Undertow undertow;

  private HttpEndpoint(Undertow undertow) {
    this.undertow = undertow;
  }

  /** Starts on {@code host:port} (port 0 picks a free one) serving GET on each path. */
  public static HttpEndpoint start(String host, int port, Map<String, Supplier<Response>> routes) {
    PathHandler paths = new PathHandler(exchange -> {
      exchange.setStatusCode(StatusCodes.NOT_FOUND);
      exchange.getResponseSender().send("not found");
    });
    routes.forEach((path, supplier) -> paths.addExactPath(path, handler(supplier)));
    Undertow u = Undertow.builder().addHttpListener(port, host).setIoThreads(1).setWorkerThreads(4).setHandler(paths).build();
    u.start();
    return new HttpEndpoint(u);
  }

  private static HttpHandler handler(Supplier<Response> supplier) {
    return exchange -> {
      if (exchange.isInIoThread()) {
        // the suppliers block (gRPC probe, scrape); run them on a worker thread
        exchange.dispatch(handler(supplier));
        return;
      }
      Response r = supplier.get();
      exchange.setStatusCode(r.status());
      exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, r.contentType());
      exchange.getResponseSender().send(r.body());
    };
  }

  public int port() {
    return ((InetSocketAddress) undertow.getListenerInfo().get(0).getAddress()).getPort();
  }

  @Override
  public void close() {
    undertow.stop();
  }
}
