package com.astromkey.tenant;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One tenant call before it is sent: endpoint number of tenant-api.md §2, method, path below the API URL, ordered
 * query (names may repeat), token kind, whether the answer is a download, and the JSON body if any.
 */
record TenantRequest(String endpoint, String method, String path, List<QueryParam> query, TokenKind tokenKind,
    boolean download, String jsonBody) {

  /** One query parameter; the list keeps order and repeats ({@code include=java&include=php}). */
  record QueryParam(String name, String value) {}

  TenantRequest {
    query = List.copyOf(query);
  }

  boolean isGet() {
    return method.equals("GET");
  }

  /** {@code apiUrl + path + ?query}, each name and value percent-encoded (commas kept, as the tenant writes them). */
  URI uri(URI apiUrl) {
    return URI.create(apiUrl.toString() + path + rawQuery());
  }

  String rawQuery() {
    if (query.isEmpty()) {
      return "";
    }
    List<String> parts = new ArrayList<>();
    for (QueryParam p : query) {
      parts.add(encode(p.name()) + "=" + encode(p.value()));
    }
    return "?" + String.join("&", parts);
  }

  static String encode(String s) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      boolean plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '-' || c == '.' || c == '_' || c == '~' || c == ',';
      if (plain) {
        out.write(c);
      } else {
        byte[] hex = String.format("%%%02X", c).getBytes(StandardCharsets.US_ASCII);
        out.write(hex, 0, hex.length);
      }
    }
    return out.toString(StandardCharsets.US_ASCII);
  }

  @Override
  public String toString() {
    // the body of #1 carries a token: never part of the text form
    return method + " " + path + rawQuery();
  }
}
