package com.astromkey.bootstrap;

import com.astromkey.bootstrap.install.CopyListener;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** One in-process run of {@link BootstrapMain} with captured output and the parsed termination-log line. */
record BootstrapRun(int exit, String out, String err, JsonNode result) {
  private static final ObjectMapper JSON = new ObjectMapper();

  static BootstrapRun run(String[] args, Map<String, String> env, Path terminationLog, CopyListener listener)
      throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit = BootstrapMain.run(args, env, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), listener);
    JsonNode result = Files.exists(terminationLog) ? JSON.readTree(Files.readString(terminationLog)) : null;
    return new BootstrapRun(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8), result);
  }

  String resultField(String name) {
    return result == null ? null : result.path(name).asText();
  }
}
