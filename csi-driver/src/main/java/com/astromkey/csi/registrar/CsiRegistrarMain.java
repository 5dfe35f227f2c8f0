package com.astromkey.csi.registrar;

import com.astromkey.csi.CsiDriverNames;
import com.astromkey.csi.grpc.UnixSocketServer;
import com.astromkey.domain.names.ObjectNames;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Entry point of mode {@code csi-registrar}: registers the CSI driver with the kubelet (csi-driver.md §9). */
public final class CsiRegistrarMain {
  private static final Logger LOG = LoggerFactory.getLogger(CsiRegistrarMain.class);

  private CsiRegistrarMain() {}

  public static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
    return run(args, out, err, new CompletableFuture<>());
  }

  /** @param exit completed with the exit code by a rejection, a shutdown, or the caller (tests) */
  @SuppressWarnings("try") // the server only has to live until the exit code is known
  static int run(String[] args, PrintStream out, PrintStream err, CompletableFuture<Integer> exit) throws Exception {
    if (Arrays.asList(args).contains("--help")) {
      out.println(RegistrarConfig.USAGE);
      return 0;
    }
    RegistrarConfig config;
    try {
      config = RegistrarConfig.from(args);
    } catch (IllegalArgumentException e) {
      err.println(e.getMessage());
      err.println(RegistrarConfig.USAGE);
      return 2;
    }
    Path socket = config.registrationDir().resolve(CsiDriverNames.REGISTRATION_SOCKET);
    Files.deleteIfExists(socket);
    LOG.info("Waiting for CSI driver {} on {}", ObjectNames.CSI_DRIVER, config.csiSocket());
    if (!DriverWait.await(config.csiSocket(), config.waitTimeout())) {
      err.println("CSI driver did not answer on " + config.csiSocket() + " within " + config.waitTimeout().toSeconds() + "s");
      return 1;
    }
    RegistrationService service = new RegistrationService(config.registrationPath(), error -> exit.complete(1));
    try (UnixSocketServer server = UnixSocketServer.start(socket, List.of(service), List.of())) {
      LOG.info("Serving plugin registration on {} for endpoint {}", socket, config.registrationPath());
      Thread hook = new Thread(() -> exit.complete(0), "csi-registrar-shutdown");
      Runtime.getRuntime().addShutdownHook(hook);
      int code = exit.get();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the JVM is already exiting; nothing to unregister
      }
      return code;
    }
  }
}
