package com.astromkey.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.astromkey.bootstrap.install.CopyListener;
import com.astromkey.domain.names.BootstrapFlags;
import com.astromkey.domain.names.EnvVars;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Copy and CSI delivery and the configure step on real directories (bootstrap.md §2, §4, §5). */
class CopyModeIT {
  private static final Map<String, String> AMD64 = Map.of(EnvVars.AK_PLATFORM, "linux/amd64");
  private static final String PEM_A = "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----";
  private static final String PEM_T = "-----BEGIN CERTIFICATE-----\nTTTT\n-----END CERTIFICATE-----\n";

  @TempDir Path tmp;
  Path source;
  Path target;
  Path config;
  Path input;
  Path terminationLog;

  @BeforeEach
  void directories() throws IOException {
    source = CodeModulesTree.write(tmp.resolve("source"));
    target = Files.createDirectory(tmp.resolve("bin"));
    config = Files.createDirectory(tmp.resolve("config"));
    input = Files.createDirectory(tmp.resolve("input"));
    terminationLog = tmp.resolve("termination-log");
    copyResource("input-default/akagentproc.json", input.resolve("akagentproc.json"));
    copyResource("input-default/initial-connect-retry", input.resolve("initial-connect-retry"));
  }

  private PodArgs args() {
    return PodArgs.standard(source, target, config, input, terminationLog);
  }

  private BootstrapRun run(PodArgs args) throws IOException {
    return BootstrapRun.run(args.toArray(), AMD64, terminationLog, CopyListener.NONE);
  }

  @Test
  void copyModeWithTwoContainersMatchesTheGoldenFiles() throws IOException {
    Files.writeString(input.resolve("activegate.pem"), PEM_A);
    Files.writeString(input.resolve("trusted.pem"), PEM_T);

    BootstrapRun run = run(args());

    assertThat(run.exit()).as(run.out()).isZero();
    assertThat(run.result().toString()).isEqualTo("{\"result\":\"ok\",\"delivery\":\"copy\",\"version\":\""
        + CodeModulesTree.VERSION + "\",\"reason\":\"\"}");
    assertThat(bytes(config.resolve(".astromkey/ld.so.preload"))).isEqualTo(golden("copy-two-containers/ld.so.preload"));
    for (String c : new String[] {"app", "sidecar"}) {
      Path agent = config.resolve(c + "/oneagent/agent");
      assertThat(bytes(agent.resolve("config/container.conf"))).as(c)
          .isEqualTo(golden("copy-two-containers/" + c + "/container.conf"));
      assertThat(bytes(agent.resolve("config/akagentproc.conf"))).as(c)
          .isEqualTo(golden("copy-two-containers/" + c + "/akagentproc.conf"));
      assertThat(bytes(agent.resolve("customkeys/curl_options.conf"))).isEqualTo(golden("copy-two-containers/curl_options.conf"));
      assertThat(Files.readString(agent.resolve("customkeys/custom.pem"))).isEqualTo(PEM_A + "\n" + PEM_T);
      assertThat(Files.readString(agent.resolve("customkeys/custom_proxy.pem"))).isEqualTo(PEM_T);
    }
    assertThat(Trees.list(config)).contains("app/oneagent/agent/config/akagentproc.conf", "sidecar/oneagent/agent/config/container.conf");
  }

  @Test
  void copyKeepsPermissionBitsLinksAndTheCurrentLinkAndLeavesNoScratch() throws Exception {
    // setuid cannot be set through java.nio; chmod can
    assertThat(new ProcessBuilder("chmod", "4755", source.resolve("agent/bin/helper").toString()).start().waitFor()).isZero();
    assertThat(Trees.mode(source.resolve("agent/bin/helper"))).isEqualTo(04755);

    BootstrapRun run = run(args());

    assertThat(run.exit()).as(run.out()).isZero();
    assertThat(Trees.list(target)).isEqualTo(Trees.list(source));
    assertThat(Trees.mode(target.resolve("agent/bin/helper"))).isEqualTo(0755);
    assertThat(Trees.mode(target.resolve("agent/conf/sub/extra.conf"))).isEqualTo(0640);
    assertThat(Files.readSymbolicLink(target.resolve("agent/lib64/liboneagentloader.so"))).isEqualTo(Path.of("liboneagentproc.so"));
    assertThat(Files.readSymbolicLink(target.resolve("current"))).isEqualTo(Path.of("."));
    assertThat(Files.isDirectory(target.resolve("agent/empty"))).isTrue();
    assertThat(target.resolve(".ak-work")).doesNotExist();
    assertThat(target.resolve(".ak-work.zip")).doesNotExist();
  }

  @Test
  void configFilesAndDirectoriesAreOpenToEveryUid() throws IOException {
    assertThat(run(args()).exit()).isZero();

    assertThat(Trees.mode(config.resolve(".astromkey"))).isEqualTo(0777);
    assertThat(Trees.mode(config.resolve(".astromkey/ld.so.preload"))).isEqualTo(0666);
    assertThat(Trees.mode(config.resolve("app"))).isEqualTo(0777);
    assertThat(Trees.mode(config.resolve("app/oneagent/agent/config"))).isEqualTo(0777);
    assertThat(Trees.mode(config.resolve("app/oneagent/agent/config/container.conf"))).isEqualTo(0666);
  }

  @Test
  void noCurrentLinkWhenTheSourceHasNone() throws IOException {
    Files.delete(source.resolve("current"));

    assertThat(run(args()).exit()).isZero();

    assertThat(target.resolve("current")).doesNotExist();
  }

  @Test
  void fullstackAddsNodeNameAndHostSection() throws IOException {
    BootstrapRun run = run(args().flag(BootstrapFlags.FULLSTACK).add(BootstrapFlags.TENANT, "abc12345"));

    assertThat(run.exit()).isZero();
    assertThat(bytes(config.resolve("app/oneagent/agent/config/container.conf"))).isEqualTo(golden("fullstack/container.conf"));
  }

  @Test
  void technologyFilterCopiesOnlyTheRequestedTechnologiesForThePlatformArch() throws IOException {
    BootstrapRun run = BootstrapRun.run(args().add(BootstrapFlags.TECHNOLOGY, "java,cobol").toArray(),
        Map.of(EnvVars.AK_PLATFORM, "linux/arm64"), terminationLog, CopyListener.NONE);

    assertThat(run.exit()).as(run.out()).isZero();
    assertThat(Trees.list(target.resolve("agent/tech"))).containsExactly("java", "java/arm", "java/arm/libjava.so");
    assertThat(target.resolve("agent/lib64/liboneagentproc.so")).exists();
    assertThat(target.resolve("agent/conf/sub/extra.conf")).exists();
    assertThat(target.resolve("manifest.json")).exists();
    assertThat(target.resolve("agent/lib")).doesNotExist();
    assertThat(Files.readSymbolicLink(target.resolve("current"))).isEqualTo(Path.of("."));
    assertThat(run.out()).contains("unknown technology ignored", "cobol");
  }

  @Test
  void withoutManifestEveryTechnologyIsCopied() throws IOException {
    Files.delete(source.resolve("manifest.json"));

    BootstrapRun run = run(args().add(BootstrapFlags.TECHNOLOGY, "java"));

    assertThat(run.exit()).isZero();
    assertThat(target.resolve("agent/tech/php/x86/libphp.so")).exists();
    assertThat(run.out()).contains("no manifest.json");
  }

  @Test
  void aFailureHalfWayThroughTheCopyLeavesTheTargetUntouched() throws IOException {
    AtomicInteger copied = new AtomicInteger();
    CopyListener crash = relative -> {
      if (copied.incrementAndGet() == 5) {
        throw new IOException("simulated crash after " + relative);
      }
    };

    BootstrapRun run = BootstrapRun.run(args().toArray(), AMD64, terminationLog, crash);

    assertThat(run.exit()).isEqualTo(3);
    assertThat(copied.get()).isEqualTo(5);
    assertThat(Trees.list(target)).isEmpty();
    assertThat(run.resultField("result")).isEqualTo("failed");
    assertThat(run.resultField("delivery")).isEqualTo("copy");
    assertThat(run.resultField("reason")).contains("simulated crash");
    assertThat(Files.readString(config.resolve(".astromkey/ld.so.preload"))).isEmpty();
    assertThat(config.resolve("app")).doesNotExist();
  }

  @Test
  void scratchOfAnInterruptedEarlierRunIsReplaced() throws IOException {
    CodeModulesTree.file(target, ".ak-work/agent/junk", "half", "rw-r--r--");
    CodeModulesTree.file(target, ".ak-work.zip", "half a zip", "rw-r--r--");
    CodeModulesTree.file(target, "manifest.json", "{\"version\":\"stale\"}", "rw-r--r--");
    CodeModulesTree.file(target, "agent/tech/old/libold.so", "stale", "rw-r--r--");

    BootstrapRun run = run(args());

    assertThat(run.exit()).as(run.out()).isZero();
    assertThat(Trees.list(target)).isEqualTo(Trees.list(source));
    assertThat(run.resultField("version")).isEqualTo(CodeModulesTree.VERSION);
  }

  @Test
  void csiModeCopiesNothingIntoAReadOnlyTargetAndOnlyConfigures() throws IOException {
    CodeModulesTree.write(target.resolve("x")).toFile();
    // the CSI volume holds the tree at its root
    Files.move(target.resolve("x/agent"), target.resolve("agent"));
    Files.move(target.resolve("x/manifest.json"), target.resolve("manifest.json"));
    Files.delete(target.resolve("x/current"));
    Files.delete(target.resolve("x"));
    java.util.List<String> before = Trees.list(target);
    target.toFile().setWritable(false);
    try {
      BootstrapRun run = run(args().add(BootstrapFlags.WORK, tmp.resolve("unused-work").toString()));

      assertThat(run.exit()).as(run.out()).isZero();
      assertThat(run.resultField("delivery")).isEqualTo("csi");
      assertThat(Trees.list(target)).isEqualTo(before);
      assertThat(tmp.resolve("unused-work")).doesNotExist();
      assertThat(bytes(config.resolve(".astromkey/ld.so.preload"))).isEqualTo(golden("copy-two-containers/ld.so.preload"));
      assertThat(config.resolve("sidecar/oneagent/agent/config/akagentproc.conf")).exists();
    } finally {
      target.toFile().setWritable(true);
    }
  }

  @Test
  void missingSourceWithoutVersionExitsThreeWithTheDocumentedMessage() throws IOException {
    Path missing = tmp.resolve("nowhere");
    BootstrapRun run = BootstrapRun.run(PodArgs.standard(missing, target, config, input, terminationLog).toArray(),
        AMD64, terminationLog, CopyListener.NONE);

    assertThat(run.exit()).isEqualTo(3);
    assertThat(run.resultField("delivery")).isEmpty();
    assertThat(run.resultField("reason")).isEqualTo("no code modules: " + missing + " does not exist and --version is empty");
    assertThat(Files.readString(config.resolve(".astromkey/ld.so.preload"))).isEmpty();
  }

  @Test
  void aSourceWithoutTheLibraryExitsThree() throws IOException {
    Files.delete(source.resolve("agent/lib64/liboneagentproc.so"));

    BootstrapRun run = run(args());

    assertThat(run.exit()).isEqualTo(3);
    assertThat(run.resultField("reason")).contains("lack agent/lib64/liboneagentproc.so");
  }

  @Test
  void invalidInstallPathExitsTwoAndStillCreatesAnEmptyPreload() throws IOException {
    BootstrapRun run = run(args().set(BootstrapFlags.INSTALL_PATH, "/opt/x:y"));

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("--install-path '/opt/x:y'");
    assertThat(Files.readString(config.resolve(".astromkey/ld.so.preload"))).isEmpty();
    assertThat(Trees.list(target)).isEmpty();
  }

  @Test
  void badConfigurationInputExitsFiveAndKeepsThePreloadOfTheInstalledLibrary() throws IOException {
    Files.writeString(input.resolve("initial-connect-retry"), "-1");

    BootstrapRun run = run(args());

    assertThat(run.exit()).isEqualTo(5);
    assertThat(run.resultField("delivery")).isEqualTo("copy");
    assertThat(run.resultField("reason")).contains("initial-connect-retry must be an integer >= 0, got '-1'");
    assertThat(bytes(config.resolve(".astromkey/ld.so.preload"))).isEqualTo(golden("copy-two-containers/ld.so.preload"));
  }

  @Test
  void suppressErrorTurnsAFailureIntoExitZeroWithTheReasonRecorded() throws IOException {
    Files.delete(source.resolve("agent/lib64/liboneagentproc.so"));

    BootstrapRun run = run(args().flag(BootstrapFlags.SUPPRESS_ERROR));

    assertThat(run.exit()).isZero();
    assertThat(run.resultField("result")).isEqualTo("failed");
    assertThat(run.out()).contains("bootstrap failed, continuing because --suppress-error is set: code modules in");
    assertThat(Files.readString(config.resolve(".astromkey/ld.so.preload"))).isEmpty();
  }

  @Test
  void anUnexpectedErrorExitsOne() throws IOException {
    CopyListener bug = relative -> {
      throw new IllegalStateException("a bug");
    };

    BootstrapRun run = BootstrapRun.run(args().toArray(), AMD64, terminationLog, bug);

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.resultField("reason")).isEqualTo("unexpected error: java.lang.IllegalStateException: a bug");
    assertThat(Trees.list(target)).isEmpty();
    assertThat(Files.readString(config.resolve(".astromkey/ld.so.preload"))).isEmpty();
  }

  @Test
  void anUnparsableExtractionLimitIsAnInvalidSetting() throws IOException {
    BootstrapRun run = BootstrapRun.run(args().toArray(), Map.of(EnvVars.AK_EXTRACT_MAX_BYTES, "lots"), terminationLog,
        CopyListener.NONE);

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.resultField("reason")).contains("AK_EXTRACT_MAX_BYTES");
  }

  @Test
  void withoutInputDirectoryNothingIsConfigured() throws IOException {
    BootstrapRun run = BootstrapRun.run(new String[] {"--source=" + source, "--target=" + target,
        "--config-directory=" + config, "--termination-log=" + terminationLog}, AMD64, terminationLog, CopyListener.NONE);

    assertThat(run.exit()).isZero();
    assertThat(Trees.list(config)).isEmpty();
    assertThat(run.out()).contains("configure step skipped");
  }

  private static byte[] bytes(Path file) throws IOException {
    return Files.readAllBytes(file);
  }

  static byte[] golden(String name) throws IOException {
    try (InputStream in = CopyModeIT.class.getResourceAsStream("/golden/" + name)) {
      if (in == null) {
        throw new IOException("no golden file " + name);
      }
      return in.readAllBytes();
    }
  }

  static void copyResource(String name, Path to) throws IOException {
    try (InputStream in = CopyModeIT.class.getResourceAsStream("/" + name)) {
      if (in == null) {
        throw new IOException("no resource " + name);
      }
      Files.write(to, in.readAllBytes());
    }
  }

  static String utf8(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
