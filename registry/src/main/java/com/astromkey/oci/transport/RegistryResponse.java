package com.astromkey.oci.transport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** A response whose body is still streaming; close it when done (or when not reading the body). */
public final class RegistryResponse implements AutoCloseable {

  private final int status;
  private final HttpHeaders headers;
  private final URI uri;
  private final InputStream body;

  RegistryResponse(int status, HttpHeaders headers, URI uri, InputStream body) {
    this.status = status;
    this.headers = headers;
    this.uri = uri;
    this.body = body;
  }

  public int status() {
    return status;
  }

  public HttpHeaders headers() {
    return headers;
  }

  public Optional<String> header(String name) {
    return headers.firstValue(name);
  }

  /** The URI that produced this response, after redirects. */
  public URI uri() {
    return uri;
  }

  public InputStream body() {
    return body;
  }

  /** Reads the whole body, failing when it exceeds {@code limit} bytes (manifests, tokens, error documents). */
  public byte[] readBody(int limit) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    int n;
    while ((n = body.read(buffer)) >= 0) {
      if (out.size() + n > limit) {
        throw new IOException("response body larger than " + limit + " bytes");
      }
      out.write(buffer, 0, n);
    }
    return out.toByteArray();
  }

  /** A short, single-line excerpt of an error body for messages (registry error JSON or text). */
  public String errorExcerpt() {
    try {
      byte[] bytes = body.readNBytes(2048);
      String text = new String(bytes, StandardCharsets.UTF_8).replaceAll("\\s+", " ").trim();
      return text.length() > 300 ? text.substring(0, 300) + "…" : text;
    } catch (IOException e) {
      return "";
    }
  }

  @Override
  public void close() {
    try {
      body.close();
    } catch (IOException ignored) {
      // closing only cancels the remaining body; nothing to report
    }
  }
}
