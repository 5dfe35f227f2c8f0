package com.astromkey.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.astromkey.domain.names.BootstrapFlags;
import com.astromkey.domain.names.EnvVars;
import com.astromkey.sandbox.tenant.SimFault;
import com.astromkey.sandbox.tenant.TenantSimState;
import com.astromkey.sandbox.tenant.TenantSimulator;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bootstrap.md §5: a 300 MiB zip unpacks inside the init container's memory limit (VmHWM ≤ 90 % of 128 MiB). */
class BootstrapMemoryIT {
  private static final long MIB = 1024 * 1024;
  private static final int FILES = 3;
  private static final long FILE_BYTES = 100 * MIB;
  private static final long LIMIT_KIB = 128 * 1024;

  @TempDir Path tmp;

  @Test
  void unpackingA300MibZipStaysBelowNinetyPercentOf128Mib() throws Exception {
    Path zip = bigZip(tmp.resolve("big.zip"));
    assertThat(Files.size(zip)).isGreaterThanOrEqualTo(300 * MIB);
    HttpServer storage = serve(zip);
    // plain HTTP: the download is redirected to a file server that streams from disk, and https → http is refused
    try (TenantSimulator sim = TenantSimulator.startHttp()) {
      sim.fault(SimFault.redirect(302, "http://127.0.0.1:" + storage.getAddress().getPort() + "/big.zip")
          .onPath("/api/v1/deployment/installer/agent/unix/paas/.*"));
      Path target = Files.createDirectory(tmp.resolve("bin"));
      Path config = Files.createDirectory(tmp.resolve("config"));
      Path input = Files.createDirectory(tmp.resolve("input"));
      Path terminationLog = tmp.resolve("termination-log");
      Files.writeString(input.resolve("akclient.config"), "{\"apiUrl\":\"" + sim.apiUrl() + "\",\"token\":\""
          + TenantSimState.DEFAULT_API_TOKEN + "\"}");
      Path jvmTmp = Files.createDirectory(tmp.resolve("jvm-tmp"));
      Map<String, String> env = Map.of(EnvVars.AK_PLATFORM, "linux/amd64",
          EnvVars.JAVA_TOOL_OPTIONS, ChildProcess.javaToolOptions(jvmTmp) + " -XX:MaxRAM=128m");
      PodArgs args = PodArgs.standard(tmp.resolve("no-source"), target, config, input, terminationLog)
          .add(BootstrapFlags.VERSION, "1.301.0.20240915-120000");

      ChildProcess.Result run = ChildProcess.run(Arrays.asList(args.toArray()), env, tmp);

      assertThat(run.exit()).as(run.out() + run.err()).isZero();
      for (int i = 0; i < FILES; i++) {
        assertThat(Files.size(target.resolve("agent/data/blob" + i))).isEqualTo(FILE_BYTES);
      }
      assertThat(run.peakRssKib()).as("VmHWM in KiB").isPositive().isLessThanOrEqualTo(LIMIT_KIB * 9 / 10);
    } finally {
      storage.stop(0);
    }
  }

  /** Stored (uncompressed) entries, so the zip itself is 300 MiB. */
  private static Path bigZip(Path file) throws IOException {
    byte[] block = new byte[(int) MIB];
    new Random(42).nextBytes(block);
    try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
      zip.setLevel(Deflater.NO_COMPRESSION);
      zip.putNextEntry(new ZipEntry("agent/lib64/liboneagentproc.so"));
      zip.write("lib\n".getBytes());
      zip.closeEntry();
      for (int i = 0; i < FILES; i++) {
        zip.putNextEntry(new ZipEntry("agent/data/blob" + i));
        for (long written = 0; written < FILE_BYTES; written += block.length) {
          block[i] ^= (byte) written;
          zip.write(block);
        }
        zip.closeEntry();
      }
    }
    return file;
  }

  private static HttpServer serve(Path zip) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/big.zip", exchange -> {
      exchange.getResponseHeaders().add("Content-Type", "application/octet-stream");
      exchange.sendResponseHeaders(200, Files.size(zip));
      try (OutputStream out = exchange.getResponseBody()) {
        Files.copy(zip, out);
      }
    });
    server.start();
    return server;
  }
}
