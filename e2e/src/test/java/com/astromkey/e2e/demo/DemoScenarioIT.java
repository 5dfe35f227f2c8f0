package com.astromkey.e2e.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.astromkey.e2e.sandbox.RepositoryRoot;
import com.astromkey.sandbox.registry.LocalRegistry;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo entry point as a child JVM, as bin/demo starts it: exit 0, nine progress lines, Summary, nothing left behind. */
class DemoScenarioIT {
  @TempDir Path tmp;

  @Test
  void demo_plays_the_private_registry_page() throws Exception {
    if (!LocalRegistry.binaryAvailable()) {
      String why = "docker-registry is not installed; install it with 'apt-get install -y docker-registry'";
      if ("true".equals(System.getenv("CI"))) {
        Assertions.fail(why);
      }
      Assumptions.abort(why);
    }
    Path demoTmp = Files.createDirectory(tmp.resolve("demo-tmp"));
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Djava.io.tmpdir=" + demoTmp, "-D" + RepositoryRoot.PROPERTY + "=" + RepositoryRoot.find(), "-cp", classPath(),
        Demo.class.getName()));
    Path out = tmp.resolve("demo.out");
    Path err = tmp.resolve("demo.err");
    Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    boolean finished = process.waitFor(3, TimeUnit.MINUTES);
    if (!finished) {
      process.destroyForcibly().waitFor();
    }
    String stdout = Files.readString(out, StandardCharsets.UTF_8);
    String stderr = Files.readString(err, StandardCharsets.UTF_8);

    assertThat(finished).as("the demo ends within 3 minutes").isTrue();
    assertThat(process.exitValue()).as(stdout + stderr).isZero();
    List<String> lines = stdout.lines().toList();
    for (int step = 1; step <= 9; step++) {
      String prefix = "[" + step + "/9] ";
      assertThat(lines).as("progress line " + step).anySatisfy(line -> assertThat(line).startsWith(prefix)
          .matches("\\[\\d/9\\] .+ … ok \\(\\d+\\.\\ds\\).*"));
    }
    int summary = lines.indexOf("Summary:");
    assertThat(summary).as("a Summary: block after the steps").isGreaterThan(lines.indexOf(lines.stream()
        .filter(l -> l.startsWith("[9/9] ")).findFirst().orElseThrow()));
    String block = String.join("\n", lines.subList(summary, lines.size()));
    assertThat(block).contains("DynaKube dynakube: phase Running", "DaemonSet dynakube-oneagent: image", "StatefulSet dynakube-activegate: image",
        "imagePullSecrets [my-registry-secret, dynakube-pull-secret]", "kubelet pulls:", "as my-company-puller",
        "mounted code-modules key: sha256-", "files written by bootstrap:", ".astromkey/ld.so.preload", "container.conf",
        "akagentproc.conf", "total time:");
    assertThat(stdout + stderr).as("no secret value is printed").doesNotContain("sim-api-token");

    try (Stream<Path> left = Files.list(demoTmp)) {
      assertThat(left.map(Path::toString).toList()).as("the demo removes its temp directories").isEmpty();
    }
    assertThat(processesMentioning(demoTmp.toString())).as("no process outlives the demo").isEmpty();
  }

  @Test
  void a_registry_that_cannot_start_fails_with_one_clear_line() throws Exception {
    Path demoTmp = Files.createDirectory(tmp.resolve("demo-tmp"));
    Path err = tmp.resolve("demo.err");
    Path out = tmp.resolve("demo.out");
    ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Djava.io.tmpdir=" + demoTmp, "-D" + RepositoryRoot.PROPERTY + "=" + RepositoryRoot.find(), "-cp", classPath(),
        Demo.class.getName()).redirectOutput(out.toFile()).redirectError(err.toFile());
    builder.environment().put("AK_DOCKER_REGISTRY_BIN", tmp.resolve("no-such-registry").toString());
    Process process = builder.start();
    assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();

    assertThat(process.exitValue()).isEqualTo(1);
    assertThat(Files.readString(out)).contains("[1/9] … FAILED");
    assertThat(Files.readAllLines(err)).filteredOn(l -> l.startsWith("docker-registry could not be started: ")).singleElement()
        .asString().endsWith("; install it with 'apt-get install -y docker-registry'");
    try (Stream<Path> left = Files.list(demoTmp)) {
      assertThat(left.map(Path::toString).toList()).isEmpty();
    }
    assertThat(processesMentioning(demoTmp.toString())).isEmpty();
  }

  /** Every live process whose command line names the demo's temp dir (the registry's config lives there). */
  private static List<Long> processesMentioning(String text) throws IOException {
    List<Long> found = new ArrayList<>();
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      for (Path proc : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
        try {
          String cmdline = new String(Files.readAllBytes(proc.resolve("cmdline")), StandardCharsets.UTF_8).replace('\0', ' ');
          if (cmdline.contains(text)) {
            found.add(Long.parseLong(proc.getFileName().toString()));
          }
        } catch (IOException e) {
          // the process ended while we looked
        }
      }
    }
    return found;
  }

  /** Exactly what {@code bin/demo} starts the demo with, so a dependency missing at run time fails here, not for the user. */
  private static String classPath() throws IOException {
    Path e2eTarget = RepositoryRoot.find().resolve("e2e/target");
    return e2eTarget.resolve("classes") + File.pathSeparator
        + Files.readString(e2eTarget.resolve("demo-classpath.txt"), StandardCharsets.UTF_8).trim();
  }
}
