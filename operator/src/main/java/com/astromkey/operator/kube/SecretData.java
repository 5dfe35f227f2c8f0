package com.astromkey.operator.kube;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/** Encoding of Secret {@code data} values (base64 of UTF-8 text), kept in key order. */
public final class SecretData {
  private SecretData() {}

  public static String encode(String plain) {
    return Base64.getEncoder().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
  }

  public static Map<String, String> encode(Map<String, String> plain) {
    Map<String, String> encoded = new LinkedHashMap<>();
    plain.forEach((key, value) -> encoded.put(key, encode(value)));
    return encoded;
  }

  public static String decode(String encoded) {
    return new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
  }
}
