package com.astromkey.oci.mirror;

import com.astromkey.oci.manifest.Descriptor;
import java.io.PrintStream;
import java.util.Locale;

/**
 * Progress of a mirror run: on a terminal one line rewritten in place, otherwise (CI logs, pipes) plain log lines. Called
 * from the parallel blob copies, hence synchronised.
 */
public abstract class MirrorProgress {

  /** Terminal when a console is attached; {@code out} is the stream the progress goes to (stderr by convention). */
  public static MirrorProgress forStream(PrintStream out, boolean terminal) {
    return terminal ? new Terminal(out) : new Lines(out);
  }

  public static MirrorProgress silent() {
    return new MirrorProgress() {
      @Override
      void started(String source, String destination, MirrorPlan plan) {
      }

      @Override
      void blob(Descriptor blob, BlobOutcome outcome) {
      }

      @Override
      void manifest(String reference, boolean written) {
      }

      @Override
      void finished(MirrorReport report) {
      }
    };
  }

  abstract void started(String source, String destination, MirrorPlan plan);

  abstract void blob(Descriptor blob, BlobOutcome outcome);

  abstract void manifest(String reference, boolean written);

  abstract void finished(MirrorReport report);

  static String size(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    double kib = bytes / 1024.0;
    return kib < 1024 ? String.format(Locale.ROOT, "%.1f KiB", kib) : String.format(Locale.ROOT, "%.1f MiB", kib / 1024);
  }

  /** One log line per step, for non-interactive output. */
  private static final class Lines extends MirrorProgress {
    private final PrintStream out;

    Lines(PrintStream out) {
      this.out = out;
    }

    @Override
    synchronized void started(String source, String destination, MirrorPlan plan) {
      out.println("mirror " + source + " -> " + destination + ": " + plan.manifests().size() + " manifests, "
          + plan.blobs().size() + " blobs (" + size(plan.blobBytes()) + ")");
    }

    @Override
    synchronized void blob(Descriptor blob, BlobOutcome outcome) {
      out.println("  blob " + blob.digest() + " " + outcome.label() + " (" + size(blob.size()) + ")");
    }

    @Override
    synchronized void manifest(String reference, boolean written) {
      out.println("  manifest " + reference + (written ? " written" : " present"));
    }

    @Override
    synchronized void finished(MirrorReport report) {
      out.println("mirror " + report.source() + " -> " + report.destination() + ": done, " + report.uploaded()
          + " uploaded, " + report.mounted() + " mounted, " + report.present() + " present");
    }
  }

  /** A single status line redrawn with carriage returns; images copied at the same time add up on it. */
  private static final class Terminal extends MirrorProgress {
    private final PrintStream out;
    private String name = "";
    private int running;
    private int done;
    private int total;
    private long bytes;
    private long totalBytes;

    Terminal(PrintStream out) {
      this.out = out;
    }

    @Override
    synchronized void started(String source, String destination, MirrorPlan plan) {
      if (running++ == 0) {
        done = 0;
        total = 0;
        bytes = 0;
        totalBytes = 0;
      }
      name = running == 1 ? destination : running + " images";
      total += plan.blobs().size();
      totalBytes += plan.blobBytes();
      redraw();
    }

    @Override
    synchronized void blob(Descriptor blob, BlobOutcome outcome) {
      done++;
      bytes += blob.size();
      redraw();
    }

    @Override
    synchronized void manifest(String reference, boolean written) {
    }

    @Override
    synchronized void finished(MirrorReport report) {
      redraw();
      if (--running == 0) {
        out.println();
      }
    }

    private void redraw() {
      out.print("\r\033[2K" + name + "  blobs " + done + "/" + total + "  " + size(bytes) + " / " + size(totalBytes));
      out.flush();
    }
  }
}
