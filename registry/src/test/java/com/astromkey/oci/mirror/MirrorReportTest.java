package com.astromkey.oci.mirror;

import static org.assertj.core.api.Assertions.assertThat;

import com.astromkey.oci.Digest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class MirrorReportTest {

  static final Digest D = Digest.of("index".getBytes(StandardCharsets.UTF_8));

  @Test
  void oneJsonLineWithTheFieldsOfTheSpec() {
    MirrorReport r = new MirrorReport("a/x:1", "b/x:1@" + D, D, 3, 1, 2, 4, 1234, List.of("sha256-" + D.hex() + ".sig"), 1,
        null, false);
    assertThat(r.toJson()).isEqualTo("{\"source\":\"a/x:1\",\"destination\":\"b/x:1@" + D + "\",\"digest\":\"" + D
        + "\",\"manifests\":3,\"blobs\":{\"present\":1,\"mounted\":2,\"uploaded\":4,\"bytes\":1234},"
        + "\"signatureTags\":[\"sha256-" + D.hex() + ".sig\"],\"referrers\":1,\"verified\":null}");
  }

  @Test
  void dryRunAndVerificationAreShown() {
    MirrorReport r = new MirrorReport("a", "b", D, 1, 0, 0, 1, 5, List.of(), 0, true, true);
    assertThat(r.toJson()).contains("\"verified\":true").endsWith(",\"dryRun\":true}");
  }

  @Test
  void terminalProgressRedrawsOneLineAndLogProgressWritesOneLinePerStep() {
    com.astromkey.oci.manifest.Descriptor blob = com.astromkey.oci.manifest.Descriptor.of("l", D, 2048);
    MirrorPlan plan = oneBlobPlan(blob);
    MirrorReport report = oneUploadReport(2048);

    java.io.ByteArrayOutputStream terminal = new java.io.ByteArrayOutputStream();
    MirrorProgress t = progressTo(terminal, true);
    t.started("a", "b", plan);
    t.blob(blob, BlobOutcome.UPLOADED);
    t.finished(report);
    assertThat(terminal.toString(StandardCharsets.UTF_8)).startsWith("\r").contains("b  blobs 1/1  2.0 KiB / 2.0 KiB")
        .endsWith(System.lineSeparator()).doesNotContain("\n" + "b");

    java.io.ByteArrayOutputStream log = new java.io.ByteArrayOutputStream();
    MirrorProgress l = progressTo(log, false);
    l.started("a", "b", plan);
    l.blob(blob, BlobOutcome.WOULD_MOUNT);
    l.finished(report);
    assertThat(log.toString(StandardCharsets.UTF_8).lines()).containsExactly(
        "mirror a -> b: 0 manifests, 1 blobs (2.0 KiB)", "  blob " + D + " would mount (2.0 KiB)",
        "mirror a -> b: done, 1 uploaded, 0 mounted, 0 present");
  }

  @Test
  void terminalProgressAddsUpImagesCopiedAtTheSameTimeAndEndsItsLineWhenTheLastIsDone() {
    var blob = com.astromkey.oci.manifest.Descriptor.of("l", D, 1024);
    MirrorPlan plan = oneBlobPlan(blob);
    MirrorReport report = oneUploadReport(1024);
    java.io.ByteArrayOutputStream terminal = new java.io.ByteArrayOutputStream();
    MirrorProgress t = progressTo(terminal, true);

    t.started("a", "b", plan);
    t.started("c", "d", plan);
    t.blob(blob, BlobOutcome.UPLOADED);
    t.finished(report);
    String whileOneRuns = terminal.toString(StandardCharsets.UTF_8);
    t.blob(blob, BlobOutcome.UPLOADED);
    t.finished(report);

    assertThat(whileOneRuns).endsWith("2 images  blobs 1/2  1.0 KiB / 2.0 KiB").doesNotContain("\n");
    assertThat(terminal.toString(StandardCharsets.UTF_8)).endsWith("blobs 2/2  2.0 KiB / 2.0 KiB" + System.lineSeparator());
  }

  @Test
  void progressSizesAreHumanReadable() {
    assertThat(MirrorProgress.size(512)).isEqualTo("512 B");
    assertThat(MirrorProgress.size(1536)).isEqualTo("1.5 KiB");
    assertThat(MirrorProgress.size(3L << 20)).isEqualTo("3.0 MiB");
  }

  private static MirrorPlan oneBlobPlan(com.astromkey.oci.manifest.Descriptor blob) {
    return new MirrorPlan(D, "m", List.of(blob), List.of(), List.of(), List.of());
  }

  private static MirrorReport oneUploadReport(long bytes) {
    return new MirrorReport("a", "b", D, 1, 0, 0, 1, bytes, List.of(), 0, null, false);
  }

  private static MirrorProgress progressTo(java.io.ByteArrayOutputStream out, boolean terminal) {
    return MirrorProgress.forStream(new java.io.PrintStream(out, true, StandardCharsets.UTF_8), terminal);
  }
}
