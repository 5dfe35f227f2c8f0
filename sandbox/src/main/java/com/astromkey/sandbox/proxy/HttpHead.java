package com.astromkey.sandbox.proxy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The request line and headers of an HTTP/1.1 request, read off a socket byte by byte (no read-ahead into the body). */
record HttpHead(String method, String target, String version, List<String[]> headers) {

    /** Null on a clean end of stream before any byte. */
    static HttpHead read(InputStream in) throws IOException {
        String requestLine = line(in);
        while (requestLine != null && requestLine.isEmpty()) {
            requestLine = line(in);
        }
        if (requestLine == null) {
            return null;
        }
        String[] parts = requestLine.split(" ", 3);
        if (parts.length != 3) {
            throw new IOException("malformed request line");
        }
        List<String[]> headers = new ArrayList<>();
        for (String l = line(in); l != null && !l.isEmpty(); l = line(in)) {
            int colon = l.indexOf(':');
            if (colon > 0) {
                headers.add(new String[] {l.substring(0, colon).trim(), l.substring(colon + 1).trim()});
            }
        }
        return new HttpHead(parts[0], parts[1], parts[2], headers);
    }

    String header(String name) {
        for (String[] h : headers) {
            if (h[0].equalsIgnoreCase(name)) {
                return h[1];
            }
        }
        return null;
    }

    boolean chunked() {
        String te = header("Transfer-Encoding");
        return te != null && te.toLowerCase(Locale.ROOT).contains("chunked");
    }

    long contentLength() {
        String cl = header("Content-Length");
        return cl == null ? -1 : Long.parseLong(cl.trim());
    }

    /** The scheme of the Authorization (or Proxy-Authorization) header, never its value. */
    String authScheme(String headerName) {
        String v = header(headerName);
        if (v == null) {
            return null;
        }
        int sp = v.indexOf(' ');
        return sp < 0 ? v : v.substring(0, sp);
    }

    static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream(128);
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') {
                byte[] bytes = b.toByteArray();
                int len = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, len, StandardCharsets.ISO_8859_1);
            }
            if (b.size() > 64 * 1024) {
                throw new IOException("header line too long");
            }
            b.write(c);
        }
        return b.size() == 0 ? null : b.toString(StandardCharsets.ISO_8859_1);
    }
}
