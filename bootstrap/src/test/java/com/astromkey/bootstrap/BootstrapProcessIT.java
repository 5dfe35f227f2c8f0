package com.astromkey.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.astromkey.domain.names.BootstrapFlags;
import com.astromkey.domain.names.EnvVars;
import com.astromkey.sandbox.tenant.SimFault;
import com.astromkey.sandbox.tenant.TenantSimState;
import com.astromkey.sandbox.tenant.TenantSimulator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The exit codes of bootstrap.md §4 as a separate JVM reports them, with the webhook's JVM options. */
class BootstrapProcessIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static TenantSimulator sim;

  @TempDir Path tmp;
  Path source;
  Path target;
  Path config;
  Path input;
  Path terminationLog;
  Map<String, String> env;

  @BeforeAll
  static void startSimulator() {
    sim = TenantSimulator.startHttps();
  }

  @AfterAll
  static void stopSimulator() {
    sim.close();
  }

  @BeforeEach
  void directories() throws IOException {
    sim.clearFaults();
    source = CodeModulesTree.write(tmp.resolve("source"));
    target = Files.createDirectory(tmp.resolve("bin"));
    config = Files.createDirectory(tmp.resolve("config"));
    input = Files.createDirectory(tmp.resolve("input"));
    terminationLog = tmp.resolve("termination-log");
    CopyModeIT.copyResource("input-default/akagentproc.json", input.resolve("akagentproc.json"));
    Files.writeString(input.resolve("akclient.config"), "{\"apiUrl\":\"" + sim.apiUrl() + "\",\"token\":\""
        + TenantSimState.DEFAULT_API_TOKEN + "\"}");
    Files.writeString(input.resolve("trusted.pem"), sim.caPem());
    Path jvmTmp = Files.createDirectory(tmp.resolve("jvm-tmp"));
    env = Map.of(EnvVars.AK_PLATFORM, "linux/amd64", EnvVars.JAVA_TOOL_OPTIONS, ChildProcess.javaToolOptions(jvmTmp));
  }

  private PodArgs args() {
    return PodArgs.standard(source, target, config, input, terminationLog);
  }

  private ChildProcess.Result run(PodArgs args) throws Exception {
    return ChildProcess.run(Arrays.asList(args.toArray()), env, tmp);
  }

  private JsonNode result() throws IOException {
    return JSON.readTree(Files.readString(terminationLog));
  }

  @Test
  void successExitsZero() throws Exception {
    ChildProcess.Result run = run(args());

    assertThat(run.exit()).as(run.out() + run.err()).isZero();
    assertThat(result().path("result").asText()).isEqualTo("ok");
    assertThat(Files.readAllBytes(config.resolve(".astromkey/ld.so.preload")))
        .isEqualTo(CopyModeIT.golden("copy-two-containers/ld.so.preload"));
    // every stdout line is a JSON log object
    for (String line : run.out().strip().split("\n")) {
      if (!line.startsWith("Picked up JAVA_TOOL_OPTIONS")) {
        assertThat(JSON.readTree(line).has("msg")).as(line).isTrue();
      }
    }
  }

  @Test
  void helpExitsZero() throws Exception {
    ChildProcess.Result run = ChildProcess.run(List.of("--help"), env, tmp);

    assertThat(run.exit()).isZero();
    assertThat(run.out()).contains("Usage: astromkey-operator bootstrap");
  }

  @Test
  void invalidFlagsExitTwo() throws Exception {
    assertThat(run(args().set(BootstrapFlags.INSTALL_PATH, "/opt/x:y")).exit()).isEqualTo(2);
    assertThat(run(args().flag("--no-such-flag")).exit()).isEqualTo(2);
    assertThat(result().path("result").asText()).isEqualTo("failed");
  }

  @Test
  void missingCodeModulesExitThree() throws Exception {
    ChildProcess.Result run = ChildProcess.run(Arrays.asList(
        PodArgs.standard(tmp.resolve("nowhere"), target, config, input, terminationLog).toArray()), env, tmp);

    assertThat(run.exit()).isEqualTo(3);
    assertThat(result().path("reason").asText())
        .isEqualTo("no code modules: " + tmp.resolve("nowhere") + " does not exist and --version is empty");
  }

  @Test
  void unsafeZipExitsFourAndZeroWithSuppressError() throws Exception {
    sim.fault(SimFault.redirect(302, sim.publishFile("evil.zip", Zips.valid().file("../evil", "x", 0644).bytes()))
        .onPath("/api/v1/deployment/installer/agent/unix/paas/.*"));
    PodArgs zip = args().add(BootstrapFlags.URL, sim.apiUrl()).add(BootstrapFlags.VERSION, "latest");

    assertThat(run(zip).exit()).isEqualTo(4);
    ChildProcess.Result suppressed = run(zip.flag(BootstrapFlags.SUPPRESS_ERROR));

    assertThat(suppressed.exit()).isZero();
    assertThat(result().path("result").asText()).isEqualTo("failed");
    assertThat(suppressed.out()).contains("bootstrap failed, continuing because --suppress-error is set: unsafe archive");
    assertThat(Files.readString(config.resolve(".astromkey/ld.so.preload"))).isEmpty();
    assertThat(tmp.resolve("evil")).doesNotExist();
  }

  @Test
  void unwritableConfigurationExitsFive() throws Exception {
    // a file where the first container's directory must go
    Files.writeString(config.resolve("app"), "in the way");

    ChildProcess.Result run = run(args());

    assertThat(run.exit()).isEqualTo(5);
    assertThat(result().path("delivery").asText()).isEqualTo("copy");
  }
}
