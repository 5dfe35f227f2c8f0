package com.astromkey.oci.transport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/** A request body that the transport writes once per attempt; {@link #length()} is -1 when unknown (sent chunked). */
public interface RequestBody {

  RequestBody EMPTY = of(new byte[0]);

  long length();

  void writeTo(OutputStream out) throws IOException;

  static RequestBody of(byte[] bytes) {
    return new RequestBody() {
      @Override
      public long length() {
        return bytes.length;
      }

      @Override
      public void writeTo(OutputStream out) throws IOException {
        out.write(bytes);
      }
    };
  }

  static RequestBody ofString(String text) {
    return of(text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * {@code length} bytes from a stream opened per attempt. A stream with fewer or more bytes fails the request: the
   * announced Content-Length must hold, or the connection would carry garbage into the next exchange.
   */
  static RequestBody ofStream(Supplier<InputStream> content, long length) {
    return new RequestBody() {
      @Override
      public long length() {
        return length;
      }

      @Override
      public void writeTo(OutputStream out) throws IOException {
        try (InputStream in = content.get()) {
          byte[] buffer = new byte[64 * 1024];
          long left = length;
          int n;
          while ((length < 0 || left > 0)
              && (n = in.read(buffer, 0, length < 0 ? buffer.length : (int) Math.min(buffer.length, left))) >= 0) {
            out.write(buffer, 0, n);
            left -= n;
          }
          if (length >= 0 && (left > 0 || in.read() >= 0)) {
            throw new IOException("request body does not have the " + length + " bytes announced");
          }
        }
      }
    };
  }
}
