package com.astromkey.oci.transport;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Response body as an InputStream holding at most one network chunk at a time, with a per-read timeout (the JDK client
 * only times out until the headers arrive, and a stalled blob download must not hang an install).
 */
final class StreamingBodySubscriber implements HttpResponse.BodySubscriber<InputStream> {

  private static final Object END = new Object();

  private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
  private final CompletableFuture<InputStream> body = new CompletableFuture<>();
  private final Duration readTimeout;
  private volatile Flow.Subscription subscription;

  StreamingBodySubscriber(Duration readTimeout) {
    this.readTimeout = readTimeout;
    body.complete(new Stream());
  }

  @Override
  public CompletionStage<InputStream> getBody() {
    return body;
  }

  @Override
  public void onSubscribe(Flow.Subscription s) {
    subscription = s;
    s.request(1);
  }

  @Override
  public void onNext(List<ByteBuffer> item) {
    queue.add(item);
  }

  @Override
  public void onError(Throwable throwable) {
    queue.add(throwable);
  }

  @Override
  public void onComplete() {
    queue.add(END);
  }

  /** The consumer side: blocks for the next chunk, at most the read timeout. */
  private final class Stream extends InputStream {
    private Iterator<ByteBuffer> buffers;
    private ByteBuffer current;
    private boolean eof;
    private boolean closed;

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (closed) {
        throw new IOException("stream closed");
      }
      if (len == 0) {
        return 0;
      }
      while (current == null || !current.hasRemaining()) {
        if (buffers != null && buffers.hasNext()) {
          current = buffers.next();
          continue;
        }
        if (eof) {
          return -1;
        }
        Object next = take();
        if (next == END) {
          eof = true;
          return -1;
        }
        if (next instanceof Throwable t) {
          eof = true;
          throw t instanceof IOException io ? io : new IOException(t.getMessage(), t);
        }
        @SuppressWarnings("unchecked")
        List<ByteBuffer> list = (List<ByteBuffer>) next;
        buffers = list.iterator();
        current = null;
        // ask for the next chunk only now, so at most one chunk is buffered
        subscription.request(1);
      }
      int n = Math.min(len, current.remaining());
      current.get(b, off, n);
      return n;
    }

    private Object take() throws IOException {
      try {
        Object next = queue.poll(readTimeout.toMillis(), TimeUnit.MILLISECONDS);
        if (next == null) {
          throw new HttpTimeoutException("no data received for " + readTimeout.toSeconds() + "s");
        }
        return next;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new java.io.InterruptedIOException("interrupted while reading the response");
      }
    }

    @Override
    public void close() {
      if (!closed) {
        closed = true;
        if (!eof && subscription != null) {
          subscription.cancel();
        }
        queue.clear();
      }
    }
  }
}
