package com.astromkey.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.astromkey.bootstrap.install.CopyListener;
import com.astromkey.domain.names.BootstrapFlags;
import com.astromkey.domain.names.EnvVars;
import com.astromkey.sandbox.tenant.SimFault;
import com.astromkey.sandbox.tenant.SimRequest;
import com.astromkey.sandbox.tenant.TenantSimState;
import com.astromkey.sandbox.tenant.TenantSimulator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Zip delivery against the tenant simulator over HTTPS (bootstrap.md §2.1, §5; registry.md §8 applied to zips). */
class ZipModeIT {
  private static final String VERSION = "1.301.0.20240915-120000";
  private static final String ZIP_PATH = "/api/v1/deployment/installer/agent/unix/paas/.*";
  private static final Map<String, String> AMD64 = Map.of(EnvVars.AK_PLATFORM, "linux/amd64");
  private static TenantSimulator sim;

  @TempDir Path tmp;
  Path target;
  Path config;
  Path input;
  Path terminationLog;

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
    sim.clearRequests();
    target = Files.createDirectory(tmp.resolve("bin"));
    config = Files.createDirectory(tmp.resolve("config"));
    input = Files.createDirectory(tmp.resolve("input"));
    terminationLog = tmp.resolve("termination-log");
    CopyModeIT.copyResource("input-default/akagentproc.json", input.resolve("akagentproc.json"));
    Files.writeString(input.resolve("akclient.config"), "{\"apiUrl\":\"" + sim.apiUrl() + "\",\"token\":\""
        + TenantSimState.DEFAULT_API_TOKEN + "\",\"proxy\":\"\",\"noProxy\":\"\",\"networkZone\":\"\",\"hostGroup\":\"\","
        + "\"skipCertCheck\":false}");
    Files.writeString(input.resolve("trusted.pem"), sim.caPem());
  }

  private PodArgs zipArgs(String version) {
    // the webhook passes --source too; the operator image has no tree there
    return PodArgs.standard(tmp.resolve("no-source"), target, config, input, terminationLog)
        .add(BootstrapFlags.URL, sim.apiUrl())
        .add(BootstrapFlags.VERSION, version);
  }

  private BootstrapRun run(PodArgs args) throws IOException {
    return BootstrapRun.run(args.toArray(), AMD64, terminationLog, CopyListener.NONE);
  }

  @Test
  void downloadsWithTheExactQueryAndTokenAndUnpacks() throws IOException {
    BootstrapRun run = run(zipArgs(VERSION).add(BootstrapFlags.TECHNOLOGY, "java,nodejs"));

    assertThat(run.exit()).as(run.out()).isZero();
    List<SimRequest> requests = sim.requests(ZIP_PATH);
    assertThat(requests).singleElement().satisfies(r -> {
      assertThat(r.path()).isEqualTo("/api/v1/deployment/installer/agent/unix/paas/version/" + VERSION);
      assertThat(r.query()).containsOnly(
          Map.entry("flavor", List.of("multidistro")), Map.entry("arch", List.of("x86")),
          Map.entry("bitness", List.of("64")), Map.entry("skipMetadata", List.of("true")),
          Map.entry("include", List.of("java", "nodejs")));
      assertThat(r.tokenKind()).isEqualTo("api");
      assertThat(r.accept()).isEqualTo("application/octet-stream");
      assertThat(r.userAgent()).contains("(bootstrap)");
      assertThat(r.status()).isEqualTo(200);
    });
    assertThat(Trees.list(target)).containsExactlyInAnyOrder("agent", "agent/arch", "agent/conf",
        "agent/conf/akagentproc.conf", "agent/lib64", "agent/lib64/liboneagentproc.so", "agent/tech", "agent/tech/java",
        "agent/tech/java/libjava.so", "agent/tech/nodejs", "agent/tech/nodejs/libnodejs.so", "manifest.json");
    assertThat(run.result().toString()).isEqualTo("{\"result\":\"ok\",\"delivery\":\"zip\",\"version\":\"" + VERSION
        + "\",\"reason\":\"\"}");
    assertThat(run.out() + run.err()).doesNotContain(TenantSimState.DEFAULT_API_TOKEN);
    assertThat(Files.readString(config.resolve("app/oneagent/agent/config/akagentproc.conf")))
        .contains("libraryPath64 \"/opt/astromkey/oneagent-paas/agent/lib64\"", "storage \"/var/lib/astromkey/oneagent\"")
        .doesNotContain("logDir");
  }

  @Test
  void debugLogsEveryExtractedFileAndNeverTheToken() throws IOException {
    BootstrapRun run = run(zipArgs(VERSION).flag(BootstrapFlags.DEBUG));

    assertThat(run.exit()).isZero();
    assertThat(run.out()).contains("\"msg\":\"extracted\",\"file\":\"agent/lib64/liboneagentproc.so\"");
    assertThat(run.out() + run.err()).doesNotContain(TenantSimState.DEFAULT_API_TOKEN);
  }

  @Test
  void latestWithoutUrlFlagUsesTheApiUrlOfTheClientConfigAndIncludeAll() throws IOException {
    PodArgs args = PodArgs.standard(tmp.resolve("no-source"), target, config, input, terminationLog)
        .add(BootstrapFlags.VERSION, "latest").add(BootstrapFlags.FLAVOR, "default");

    BootstrapRun run = BootstrapRun.run(args.toArray(), Map.of(EnvVars.AK_PLATFORM, "linux/arm64"), terminationLog,
        CopyListener.NONE);

    assertThat(run.exit()).as(run.out()).isZero();
    assertThat(sim.requests(ZIP_PATH)).singleElement().satisfies(r -> {
      assertThat(r.path()).isEqualTo("/api/v1/deployment/installer/agent/unix/paas/latest");
      assertThat(r.queryValue("arch")).isEqualTo("arm");
      assertThat(r.queryValue("flavor")).isEqualTo("default");
      assertThat(r.query().get("include")).containsExactly("all");
    });
    assertThat(Files.readString(target.resolve("agent/arch"))).isEqualTo("aarch64\n");
    assertThat(run.resultField("version")).isEqualTo(sim.state().getLatestPaasVersion());
  }

  @Test
  void withoutTheTenantCaTheDownloadFailsWithExitThree() throws IOException {
    Files.delete(input.resolve("trusted.pem"));

    BootstrapRun run = run(zipArgs(VERSION));

    assertThat(run.exit()).isEqualTo(3);
    assertThat(run.resultField("reason")).startsWith("download of code modules " + VERSION + " failed");
    assertThat(Trees.list(target)).isEmpty();
  }

  @Test
  void unavailableTenantExitsThreeAndLeavesNoPartialFiles() throws IOException {
    sim.fault(SimFault.status(503).onPath(ZIP_PATH));

    BootstrapRun run = run(zipArgs(VERSION));

    assertThat(run.exit()).isEqualTo(3);
    assertThat(run.resultField("result")).isEqualTo("failed");
    assertThat(Trees.list(target)).isEmpty();
    assertThat(Files.readString(config.resolve(".astromkey/ld.so.preload"))).isEmpty();
  }

  @Test
  void unavailableTenantWithSuppressErrorExitsZero() throws IOException {
    sim.fault(SimFault.status(503).onPath(ZIP_PATH));

    BootstrapRun run = run(zipArgs(VERSION).flag(BootstrapFlags.SUPPRESS_ERROR));

    assertThat(run.exit()).isZero();
    assertThat(run.resultField("result")).isEqualTo("failed");
    assertThat(run.resultField("delivery")).isEqualTo("zip");
    assertThat(run.out()).contains("bootstrap failed, continuing because --suppress-error is set: download of code modules");
    assertThat(Trees.list(target)).isEmpty();
    assertThat(Files.readString(config.resolve(".astromkey/ld.so.preload"))).isEmpty();
  }

  @Test
  void truncatedDownloadExitsThree() throws IOException {
    sim.fault(SimFault.truncatedBody().onPath(ZIP_PATH));

    BootstrapRun run = run(zipArgs(VERSION));

    assertThat(run.exit()).isEqualTo(3);
    assertThat(Trees.list(target)).isEmpty();
  }

  @Test
  void aZipThatIsNoZipExitsThree() throws IOException {
    serve("garbage.zip", "this is not a zip".getBytes());

    BootstrapRun run = run(zipArgs(VERSION));

    assertThat(run.exit()).isEqualTo(3);
    assertThat(run.resultField("reason")).startsWith("cannot extract the code-modules zip");
    assertThat(Trees.list(target)).isEmpty();
  }

  @Test
  void missingClientConfigExitsThree() throws IOException {
    Files.delete(input.resolve("akclient.config"));

    BootstrapRun run = run(zipArgs(VERSION));

    assertThat(run.exit()).isEqualTo(3);
    assertThat(run.resultField("reason")).contains("akclient.config, which does not exist");
  }

  @Test
  void aValidZipWithUnixModesAndAnInsideSymlinkInstalls() throws IOException {
    serve("valid.zip", Zips.valid().directory("agent/bin").file("agent/bin/tool", "x", 04750)
        .symlink("agent/lib64/liboneagentloader.so", "liboneagentproc.so").bytes());

    BootstrapRun run = run(zipArgs(VERSION));

    assertThat(run.exit()).as(run.out()).isZero();
    assertThat(Trees.mode(target.resolve("agent/bin/tool"))).isEqualTo(0750);
    assertThat(Trees.mode(target.resolve("agent/lib64/liboneagentproc.so"))).isEqualTo(0755);
    assertThat(Files.readSymbolicLink(target.resolve("agent/lib64/liboneagentloader.so")))
        .isEqualTo(Path.of("liboneagentproc.so"));
    assertThat(run.resultField("version")).isEqualTo("z");
  }

  static List<Arguments> maliciousZips() throws IOException {
    return List.of(
        Arguments.of("dotdot", Zips.valid().file("../evil", "x", 0644).bytes(), "parent-traversal"),
        Arguments.of("nested-dotdot", Zips.valid().file("agent/../../evil", "x", 0644).bytes(), "parent-traversal"),
        Arguments.of("absolute", Zips.valid().file("/tmp/astromkey-bootstrap-evil", "x", 0644).bytes(), "absolute-path"),
        Arguments.of("symlink-escape", Zips.valid().symlink("agent/out", "../../evil").bytes(), "symlink-escape"),
        Arguments.of("write-through-symlink", Zips.valid().symlink("agent/up", ".").file("agent/up/x", "x", 0644).bytes(),
            "parent-symlink"),
        Arguments.of("fifo", Zips.valid().fifo("agent/pipe").bytes(), "device-or-fifo"),
        Arguments.of("nul", Zips.valid().file("agent/a\0b", "x", 0644).bytes(), "nul-in-name"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("maliciousZips")
  void unsafeZipContentExitsFourAndWritesNothingOutside(String name, byte[] zip, String rule) throws IOException {
    serve(name + ".zip", zip);
    List<String> before = Trees.list(tmp);

    BootstrapRun run = run(zipArgs(VERSION));

    assertThat(run.exit()).as(run.out()).isEqualTo(4);
    assertThat(run.resultField("reason")).startsWith("unsafe archive content rejected").contains("rule " + rule);
    assertThat(Trees.list(target)).isEmpty();
    assertThat(Trees.list(tmp)).containsExactlyInAnyOrderElementsOf(withResultFiles(before));
    assertThat(Path.of("/tmp/astromkey-bootstrap-evil")).doesNotExist();
    assertThat(tmp.resolve("evil")).doesNotExist();
  }

  @Test
  void unsafeZipWithSuppressErrorExitsZeroAndLeavesAnEmptyPreload() throws IOException {
    serve("dotdot.zip", Zips.valid().file("../evil", "x", 0644).bytes());

    BootstrapRun run = run(zipArgs(VERSION).flag(BootstrapFlags.SUPPRESS_ERROR));

    assertThat(run.exit()).isZero();
    assertThat(run.resultField("result")).isEqualTo("failed");
    assertThat(run.resultField("reason")).contains("parent-traversal");
    assertThat(Files.readString(config.resolve(".astromkey/ld.so.preload"))).isEmpty();
    assertThat(Trees.list(target)).isEmpty();
  }

  @Test
  void extractionLimitsComeFromTheEnvironment() throws IOException {
    serve("big.zip", Zips.valid().file("agent/big", "x".repeat(10_000), 0644).bytes());

    BootstrapRun run = BootstrapRun.run(zipArgs(VERSION).toArray(),
        Map.of(EnvVars.AK_PLATFORM, "linux/amd64", EnvVars.AK_EXTRACT_MAX_BYTES, "5000"), terminationLog,
        CopyListener.NONE);

    assertThat(run.exit()).isEqualTo(4);
    assertThat(run.resultField("reason")).contains("decompression-bomb");
  }

  /** The tenant answers the download with a redirect to this zip, as real tenants redirect to storage. */
  private static void serve(String name, byte[] zip) {
    sim.fault(SimFault.redirect(302, sim.publishFile(name, zip)).onPath(ZIP_PATH));
  }

  private List<String> withResultFiles(List<String> before) {
    List<String> expected = new java.util.ArrayList<>(before);
    for (String created : List.of("termination-log", "config/.astromkey", "config/.astromkey/ld.so.preload")) {
      if (!expected.contains(created)) {
        expected.add(created);
      }
    }
    return expected;
  }
}
