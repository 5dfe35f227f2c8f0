package com.astromkey.oci.transport;

import static org.assertj.core.api.Assertions.assertThat;

import com.astromkey.oci.RegistryClient;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Closing a client ends its own HTTP selector thread (which holds up a CLI's JVM exit) and no other client's. */
class RegistryHttpCloseTest {

  @Test
  void closeEndsTheClientsSelectorThreadOnly() {
    Set<Thread> before = selectorThreads();
    RegistryClient other = RegistryClient.builder().build();
    Set<Thread> afterOther = selectorThreads();
    RegistryClient client = RegistryClient.builder().build();
    Set<Thread> mine = selectorThreads();
    mine.removeAll(afterOther);
    Set<Thread> others = new HashSet<>(afterOther);
    others.removeAll(before);
    assertThat(mine).hasSize(1);
    assertThat(others).hasSize(1);

    client.close();

    assertThat(mine).allSatisfy(t -> assertThat(t.isAlive()).as(t.getName()).isFalse());
    assertThat(others).allSatisfy(t -> assertThat(t.isAlive()).as(t.getName()).isTrue());
    other.close();
    assertThat(others).allSatisfy(t -> assertThat(t.isAlive()).as(t.getName()).isFalse());
  }

  private static Set<Thread> selectorThreads() {
    return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().endsWith("-SelectorManager"))
        .collect(Collectors.toCollection(HashSet::new));
  }
}
