package com.astromkey.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import com.astromkey.domain.dynakube.status.DynaKubeStatus;
import com.astromkey.domain.dynakube.status.OneAgentStatus;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Phase table of operator.md §9, change detection without timestamps, transition times. */
class StatusAggregatorTest {
  @ParameterizedTest(name = "{0} ready={1} modules={2} previous={3} → {4}")
  @CsvSource(value = {
      "SUCCESS, true, true, null, Running",
      "SUCCESS, false, true, Running, Deploying",
      "SUCCESS, true, false, Running, Deploying",
      "POSTPONED, true, true, Running, Deploying",
      "UNAVAILABLE, true, true, Running, Running",
      "UNAVAILABLE, true, true, Error, Error",
      "UNAVAILABLE, true, true, null, Deploying",
      "ERROR, true, true, Running, Error"}, nullValues = "null")
  void phaseTable(StatusAggregator.Outcome outcome, boolean ready, boolean modules, String previous, String phase) {
    assertThat(StatusAggregator.phase(outcome, new StatusAggregator.Readiness(ready, modules), previous)).isEqualTo(phase);
  }

  @Test
  void timestampsAloneAreNoChange() {
    DynaKubeStatus before = status("1.0", "2026-01-01T00:00:00Z");
    DynaKubeStatus after = status("1.0", "2026-02-02T00:00:00Z");
    after.setUpdatedTimestamp("2026-02-02T00:00:00Z");

    assertThat(StatusAggregator.changed(before, after)).isFalse();
    assertThat(StatusAggregator.changed(before, status("2.0", "2026-01-01T00:00:00Z"))).isTrue();
  }

  @Test
  void finishStampsUpdatedTimestampOnlyOnChange() {
    DynaKubeStatus previous = status("1.0", "t");
    previous.setPhase("Running");
    previous.setObservedGeneration(1L);
    previous.setUpdatedTimestamp("2026-01-01T00:00:00Z");
    Instant now = Instant.parse("2026-03-03T00:00:00Z");

    DynaKubeStatus same = StatusAggregator.finish(status("1.0", "t"), previous, List.of(), "Running", 1L, now);
    DynaKubeStatus changed = StatusAggregator.finish(status("1.0", "t"), previous, List.of(), "Deploying", 1L, now);

    assertThat(same.getUpdatedTimestamp()).isEqualTo("2026-01-01T00:00:00Z");
    assertThat(changed.getUpdatedTimestamp()).isEqualTo("2026-03-03T00:00:00Z");
    assertThat(changed.getObservedGeneration()).isEqualTo(1L);
  }

  @Test
  void lastTransitionTimeMovesOnlyWhenStatusFlips() {
    Conditions first = new Conditions(null, Instant.parse("2026-01-01T00:00:00Z"));
    first.setTrue("Tokens", "TokenReady", "Tokens are valid.");
    Conditions second = new Conditions(first.list(), Instant.parse("2026-01-02T00:00:00Z"));
    second.setTrue("Tokens", "TokenReady", "Tokens are valid.");
    Conditions third = new Conditions(second.list(), Instant.parse("2026-01-03T00:00:00Z"));
    third.setFalse("Tokens", "TokenMissing", "Secret a/b has no key apiToken.");

    assertThat(second.find("Tokens").getLastTransitionTime()).isEqualTo("2026-01-01T00:00:00Z");
    assertThat(third.find("Tokens").getLastTransitionTime()).isEqualTo("2026-01-03T00:00:00Z");
  }

  private static DynaKubeStatus status(String version, String probe) {
    DynaKubeStatus status = new DynaKubeStatus();
    OneAgentStatus oneAgent = new OneAgentStatus();
    oneAgent.setVersion(version);
    oneAgent.setLastProbeTimestamp(probe);
    status.setOneAgent(oneAgent);
    return status;
  }
}
