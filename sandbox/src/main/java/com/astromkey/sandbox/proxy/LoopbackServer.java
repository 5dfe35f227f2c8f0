package com.astromkey.sandbox.proxy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The socket side both sandbox proxies share: a loopback listener, one daemon thread per connection, close-all on close. */
abstract class LoopbackServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LoopbackServer.class);

  private final String name;
  private final ServerSocket server;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final ExecutorService executor;
  private volatile boolean closed;

  LoopbackServer(String name) {
    this.name = name;
    this.executor = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "sandbox-" + name);
      t.setDaemon(true);
      return t;
    });
    try {
      this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open " + name + " socket", e);
    }
  }

  /** Called by the subclass once its own fields are set, so no connection is served by a half-built object. */
  final void startAccepting() {
    executor.execute(this::acceptLoop);
  }

  /** Serves one accepted connection; the socket is closed and forgotten by the caller afterwards. */
  abstract void serve(Socket socket);

  public int port() {
    return server.getLocalPort();
  }

  /** {@code 127.0.0.1:<port>}. */
  public String host() {
    return "127.0.0.1:" + port();
  }

  final boolean isClosed() {
    return closed;
  }

  /** A further socket (e.g. the upstream of a tunnel) closed with the server. */
  final void track(Socket socket) {
    open.add(socket);
  }

  final void untrack(Socket socket) {
    open.remove(socket);
  }

  final void runAsync(Runnable task) {
    executor.execute(task);
  }

  @Override
  public void close() {
    closed = true;
    try {
      server.close();
    } catch (IOException e) {
      LOG.debug("closing {} socket: {}", name, e.getMessage());
    }
    open.forEach(LoopbackServer::closeQuietly);
    executor.shutdownNow();
  }

  static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException e) {
      LOG.debug("closing proxied connection: {}", e.getMessage());
    }
  }

  private void acceptLoop() {
    while (!closed) {
      try {
        Socket s = server.accept();
        open.add(s);
        executor.execute(() -> {
          try {
            serve(s);
          } finally {
            open.remove(s);
            closeQuietly(s);
          }
        });
      } catch (IOException e) {
        if (!closed) {
          LOG.warn("{} accept failed: {}", name, e.getMessage());
        }
        return;
      }
    }
  }
}
