package com.astromkey.oci.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.astromkey.oci.RegistryClient;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI's client set-up: credential files checked although read on a second thread, early connections best-effort. */
class RegistryOptionsTest {

  static final RegistryOptions OPTIONS = new RegistryOptions(List.of(), false, Set.of(), "astromkey-operator (test)");

  @TempDir
  Path dir;

  @Test
  void anUnusableNamedCredentialsFileFailsAndLeavesNoHttpClientRunning() throws IOException {
    Path broken = Files.writeString(dir.resolve("config.json"), "{not json");
    Set<Thread> before = selectorThreads();

    assertThatThrownBy(() -> OPTIONS.client(List.of(broken), true, List.of()))
        .isInstanceOf(IOException.class).hasMessageContaining("credentials file").hasMessageContaining("config.json");

    Set<Thread> left = selectorThreads();
    left.removeAll(before);
    assertThat(left).noneMatch(Thread::isAlive);
  }

  @Test
  void aRegistryThatNeverAnswersDoesNotHoldUpTheStart() throws IOException {
    // accepts TCP (the kernel's backlog) but never speaks TLS: the early handshake hangs until the read timeout
    try (ServerSocket silent = new ServerSocket(0, 8, InetAddress.getLoopbackAddress())) {
      long started = System.nanoTime();
      try (RegistryClient client = OPTIONS.client(List.of(dir.resolve("absent.json")), false,
          List.of("127.0.0.1:" + silent.getLocalPort()))) {
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
      }
    }
  }

  private static Set<Thread> selectorThreads() {
    return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().endsWith("-SelectorManager"))
        .collect(Collectors.toCollection(HashSet::new));
  }
}
