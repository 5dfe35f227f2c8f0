package com.astromkey.oci.manifest;

import com.astromkey.oci.Digest;
import com.astromkey.oci.RegistryException;
import com.astromkey.oci.RegistryException.Reason;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/** The parts of an image config blob we use: platform fields, plus the raw bytes for callers that need more. */
public record ImageConfig(byte[] raw, Digest digest, String os, String architecture, String variant) {

  private static final ObjectMapper JSON = new ObjectMapper();

  public static ImageConfig parse(byte[] raw, Digest digest, String where) throws RegistryException {
    try {
      JsonNode root = JSON.readTree(raw);
      if (root == null || !root.isObject()) {
        return new ImageConfig(raw, digest, null, null, null);
      }
      return new ImageConfig(raw, digest, Manifest.text(root, "os"), Manifest.text(root, "architecture"),
          Manifest.text(root, "variant"));
    } catch (IOException e) {
      throw new RegistryException(Reason.PROTOCOL, where + ": image config " + digest + " is not valid JSON");
    }
  }

  @Override
  public String toString() {
    return "ImageConfig[" + digest + " " + os + "/" + architecture + "]";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ImageConfig c && c.digest.equals(digest);
  }

  @Override
  public int hashCode() {
    return digest.hashCode();
  }
}
