package com.astromkey.csi;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The operator version baked into this module at build time, reported as the CSI vendor_version. */
public final class CsiVersion {
  public static final String VERSION = load();

  private CsiVersion() {}

  private static String load() {
    try (InputStream in = CsiVersion.class.getResourceAsStream("version.properties")) {
      Properties props = new Properties();
      if (in != null) props.load(in);
      return props.getProperty("version", "unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }
}
