package com.astromkey.oci.transport;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

/**
 * TLS over a connected socket's blocking streams, driven through an {@link SSLEngine} so that the JDK's engine and the
 * BoringSSL one ({@link NativeTls}) serve the same code: one thread per connection, no selector, no buffer per record.
 */
final class TlsStreams {
  private static final ByteBuffer NOTHING = ByteBuffer.allocate(0);

  private final SSLEngine engine;
  private final Socket socket;
  private final InputStream rawIn;
  private final OutputStream rawOut;
  /** Received records not yet unwrapped, in write mode. */
  private ByteBuffer netIn;
  /** Plaintext for the reader, in read mode. */
  private ByteBuffer appIn;
  private ByteBuffer netOut;
  /** Socket streams move bytes through arrays; a native engine gets direct buffers, which BoringSSL reads and writes in place. */
  private byte[] scratch;
  private final boolean direct;
  private boolean closed;
  private final InputStream input = new Input();
  private final OutputStream output = new Output();

  /**
   * {@code direct}: engine buffers outside the heap, for BoringSSL (the JDK's engine works on heap arrays, and direct buffers
   * would only be freed by a GC in the small-heap containers).
   */
  TlsStreams(SSLEngine engine, Socket socket, boolean direct) throws IOException {
    this.engine = engine;
    this.direct = direct;
    this.socket = socket;
    this.rawIn = socket.getInputStream();
    this.rawOut = socket.getOutputStream();
    int packet = engine.getSession().getPacketBufferSize();
    netIn = allocate(packet);
    appIn = allocate(engine.getSession().getApplicationBufferSize()).flip();
    netOut = allocate(packet);
    scratch = new byte[packet];
  }

  /** Runs the handshake; a timeout here means the peer never spoke TLS, which callers treat as a handshake failure. */
  void handshake(int timeoutMillis) throws IOException {
    int readTimeout = socket.getSoTimeout();
    socket.setSoTimeout(timeoutMillis);
    try {
      call(engine::beginHandshake);
      HandshakeStatus status = engine.getHandshakeStatus();
      while (status != HandshakeStatus.FINISHED && status != HandshakeStatus.NOT_HANDSHAKING) {
        switch (status) {
          case NEED_WRAP -> status = wrap(NOTHING).getHandshakeStatus();
          case NEED_TASK -> status = runTasks();
          default -> {
            SSLEngineResult result = unwrap();
            if (result.getStatus() == SSLEngineResult.Status.CLOSED) {
              throw new SSLHandshakeException("the server closed the connection during the TLS handshake");
            }
            status = result.getHandshakeStatus();
          }
        }
      }
    } catch (SocketTimeoutException e) {
      throw new SSLHandshakeException("no TLS handshake answer within " + timeoutMillis + " ms");
    } catch (EOFException e) {
      throw new SSLHandshakeException("the server closed the connection during the TLS handshake");
    } finally {
      socket.setSoTimeout(readTimeout);
    }
  }

  InputStream input() {
    return input;
  }

  OutputStream output() {
    return output;
  }

  /** Sends close_notify when possible; the socket is closed by the caller. */
  void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      engine.closeOutbound();
      wrap(NOTHING);
    } catch (IOException | RuntimeException ignored) {
      // the peer may be gone already; the socket is closed next anyway
    }
  }

  private SSLEngineResult unwrap() throws IOException {
    while (true) {
      netIn.flip();
      appIn.compact();
      SSLEngineResult result;
      try {
        result = call(() -> engine.unwrap(netIn, appIn));
      } finally {
        netIn.compact();
        appIn.flip();
      }
      switch (result.getStatus()) {
        case BUFFER_UNDERFLOW -> {
          if (!netIn.hasRemaining()) {
            netIn = grow(netIn, engine.getSession().getPacketBufferSize());
          }
          if (fill() < 0) {
            throw new EOFException("connection closed by the server");
          }
        }
        case BUFFER_OVERFLOW -> {
          if (appIn.hasRemaining()) {
            return result;
          }
          appIn = allocate(Math.max(appIn.capacity() * 2, engine.getSession().getApplicationBufferSize())).flip();
        }
        default -> {
          return result;
        }
      }
    }
  }

  private int fill() throws IOException {
    int n = rawIn.read(scratch(netIn.remaining()), 0, netIn.remaining());
    if (n > 0) {
      netIn.put(scratch, 0, n);
    }
    return n;
  }

  private SSLEngineResult wrap(ByteBuffer source) throws IOException {
    while (true) {
      netOut.clear();
      SSLEngineResult result = call(() -> engine.wrap(source, netOut));
      netOut.flip();
      int n = netOut.remaining();
      if (n > 0) {
        netOut.get(scratch(n), 0, n);
        rawOut.write(scratch, 0, n);
      }
      if (result.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
        netOut = allocate(Math.max(netOut.capacity() * 2, engine.getSession().getPacketBufferSize()));
        continue;
      }
      if (result.getStatus() == SSLEngineResult.Status.CLOSED && source.hasRemaining()) {
        throw new SSLException("TLS connection closed while sending");
      }
      return result;
    }
  }

  private HandshakeStatus runTasks() {
    Runnable task;
    while ((task = engine.getDelegatedTask()) != null) {
      task.run();
    }
    return engine.getHandshakeStatus();
  }

  /** After a record, TLS 1.3 may want an answer (key update) or a task; the application data path serves both. */
  private void afterRecord(HandshakeStatus status) throws IOException {
    HandshakeStatus next = status;
    while (true) {
      if (next == HandshakeStatus.NEED_TASK) {
        next = runTasks();
      } else if (next == HandshakeStatus.NEED_WRAP) {
        next = wrap(NOTHING).getHandshakeStatus();
      } else {
        return;
      }
    }
  }

  private interface EngineCall<T> {
    T call() throws SSLException;
  }

  private interface EngineAction {
    void run() throws SSLException;
  }

  /** Netty's engine reports some protocol errors (e.g. a plain-HTTP answer) as unchecked exceptions. */
  private static <T> T call(EngineCall<T> call) throws SSLException {
    try {
      return call.call();
    } catch (SSLException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new SSLException(e.getMessage() == null ? e.toString() : e.getMessage(), e);
    }
  }

  private static void call(EngineAction action) throws SSLException {
    call(() -> {
      action.run();
      return null;
    });
  }

  private byte[] scratch(int size) {
    if (scratch.length < size) {
      scratch = new byte[size];
    }
    return scratch;
  }

  private ByteBuffer allocate(int size) {
    return direct ? ByteBuffer.allocateDirect(size) : ByteBuffer.allocate(size);
  }

  private ByteBuffer grow(ByteBuffer writeMode, int atLeast) {
    ByteBuffer bigger = allocate(Math.max(writeMode.capacity() * 2, atLeast));
    writeMode.flip();
    bigger.put(writeMode);
    return bigger;
  }

  private final class Input extends BulkInputStream {
    private boolean eof;

    @Override
    public int read() throws IOException {
      // the response head is read a byte at a time: serve it from the plaintext buffer without a call per byte
      return appIn.hasRemaining() ? appIn.get() & 0xff : super.read();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      while (!appIn.hasRemaining()) {
        if (eof) {
          return -1;
        }
        SSLEngineResult result;
        try {
          result = unwrap();
        } catch (EOFException e) {
          // a server that closes without close_notify ends the stream; framing (Content-Length, chunks) catches truncation
          eof = true;
          return -1;
        }
        if (result.getStatus() == SSLEngineResult.Status.CLOSED) {
          eof = true;
        }
        afterRecord(result.getHandshakeStatus());
      }
      int n = Math.min(len, appIn.remaining());
      appIn.get(b, off, n);
      return n;
    }

    @Override
    public int available() {
      return appIn.remaining();
    }
  }

  private final class Output extends OutputStream {
    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      ByteBuffer source = ByteBuffer.wrap(b, off, len);
      while (source.hasRemaining()) {
        afterRecord(wrap(source).getHandshakeStatus());
      }
    }

    @Override
    public void flush() throws IOException {
      rawOut.flush();
    }
  }
}
