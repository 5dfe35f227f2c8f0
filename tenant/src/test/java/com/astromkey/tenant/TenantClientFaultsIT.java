package com.astromkey.tenant;

import com.astromkey.domain.codemodules.CodeModulesFlavor;
import com.astromkey.sandbox.time.TestClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.astromkey.sandbox.tenant.SimFault;
import com.astromkey.sandbox.tenant.SimRequest;
import com.astromkey.sandbox.tenant.TenantSimulator;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each fault mode of tenant-api.md §5.3 produces the classification of §4. */
class TenantClientFaultsIT {
  private static final String METAINFO = ".*/agent/unix/default/latest/metainfo";
  private static final String ZIP = ".*/paas/version/.*";
  private static final Instant NOW = Instant.parse("2026-11-27T08:00:00Z");

  private TenantSimulator sim;
  private TenantClient client;

  @BeforeEach
  void start() {
    sim = TenantSimulator.startHttps();
    client = new TenantClient(SimClients.config(sim).readTimeout(Duration.ofMillis(700)).clock(new TestClock(NOW)).build());
  }

  @AfterEach
  void stop() {
    client.close();
    sim.close();
  }

  private TenantApiException failure(Runnable call) {
    Throwable t = org.assertj.core.api.Assertions.catchThrowable(call::run);
    assertThat(t).isInstanceOf(TenantApiException.class);
    return (TenantApiException) t;
  }

  @Test
  void status429WithRetryAfterSecondsIsUnavailableWithRetryAfter() {
    sim.fault(SimFault.status(429).retryAfter("90").on("GET", METAINFO).once());

    TenantApiException e = failure(client::latestAgentVersion);

    assertThat(e.kind()).isEqualTo(TenantErrorKind.UNAVAILABLE);
    assertThat(e.statusCode()).isEqualTo(429);
    assertThat(e.retryAfter()).contains(Duration.ofSeconds(90));
    assertThat(e.requeueDelay()).contains(Duration.ofSeconds(90));
    assertThat(e.serverMessage()).isEqualTo("Simulated HTTP 429");
    // the fault was one-shot: the next call succeeds
    assertThat(client.latestAgentVersion()).isEqualTo("1.301.0.20240915-120000");
  }

  @Test
  void status503WithAnHttpDateIsMeasuredAgainstTheClock() {
    String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(NOW.plusSeconds(150).atOffset(ZoneOffset.UTC));
    sim.fault(SimFault.status(503).retryAfter(date).onPath(METAINFO).once());

    TenantApiException e = failure(client::latestAgentVersion);

    assertThat(e.isUnavailable()).isTrue();
    assertThat(e.retryAfter()).contains(Duration.ofSeconds(150));
  }

  @Test
  void status503WithoutRetryAfterHasNone() {
    sim.fault(SimFault.status(503).onPath(METAINFO));

    TenantApiException e = failure(client::latestAgentVersion);

    assertThat(e.isUnavailable()).isTrue();
    assertThat(e.retryAfter()).isEmpty();
  }

  @Test
  void status401And403AreAuthErrorsTellingTokenInvalidFromMissingScope() {
    sim.fault(SimFault.status(401).onPath(METAINFO).once());
    sim.fault(SimFault.status(403).onPath(METAINFO).once());

    TenantApiException invalid = failure(client::latestAgentVersion);
    TenantApiException scope = failure(client::latestAgentVersion);

    assertThat(invalid.isTokenInvalid()).isTrue();
    assertThat(invalid.getMessage()).contains("HTTP 401").contains("token invalid");
    assertThat(scope.isMissingScope()).isTrue();
    assertThat(scope.getMessage()).contains("HTTP 403").contains("missing a required scope");
    assertThat(List.of(invalid, scope)).allSatisfy(e -> assertThat(e.isAuthError()).isTrue());
  }

  @Test
  void status500IsTransient() {
    sim.fault(SimFault.status(500).onPath(METAINFO).once());

    TenantApiException e = failure(client::latestAgentVersion);

    assertThat(e.kind()).isEqualTo(TenantErrorKind.TRANSIENT);
    assertThat(e.statusCode()).isEqualTo(500);
  }

  @Test
  void aSlowAnswerBeyondTheReadTimeoutIsTransient() {
    sim.fault(SimFault.slow(2500).onPath(METAINFO).once());

    TenantApiException e = failure(client::latestAgentVersion);

    assertThat(e.kind()).isEqualTo(TenantErrorKind.TRANSIENT);
    assertThat(e.statusCode()).isZero();
    assertThat(e.getMessage()).contains("127.0.0.1:" + sim.port()).contains("700ms");
  }

  @Test
  void aSlowAnswerWithinTheReadTimeoutSucceeds() {
    sim.fault(SimFault.slow(200).onPath(METAINFO).once());

    assertThat(client.latestAgentVersion()).isEqualTo("1.301.0.20240915-120000");
  }

  @Test
  void aZipBodyThatStallsLongerThanTheReadTimeoutFails(@TempDir Path dir) {
    sim.fault(SimFault.slowBody(2500).onPath(ZIP).once());
    Path target = dir.resolve("cm.zip");

    TenantApiException e = failure(() -> client.downloadCodeModules(
        ZipRequest.version("1.301.0.20240915-120000", CodeModulesFlavor.MULTIDISTRO, Arch.X86), target));

    assertThat(e.kind()).isEqualTo(TenantErrorKind.TRANSIENT);
    assertThat(e.getMessage()).contains("stalled");
    assertThat(target).doesNotExist();
  }

  @Test
  void aZipBodySlowerInTotalThanTheReadTimeoutButNeverStalledSucceeds() {
    // 6 chunks, 250 ms apart: 1.25 s in total, longer than the 700 ms read timeout, but no single read waits that long
    sim.fault(SimFault.slowBody(250).param("chunks", 6).onPath(ZIP).once());
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    DownloadResult result = client.downloadCodeModules(ZipRequest.version("1.301.0.20240915-120000", CodeModulesFlavor.MULTIDISTRO, Arch.X86), out);

    assertThat(out.toByteArray()).isEqualTo(sim.zip("1.301.0.20240915-120000", "x86", "multidistro", List.of("all")));
    assertThat(result.size()).isEqualTo(out.size());
  }

  @Test
  void malformedJsonIsTransient() {
    sim.fault(SimFault.malformedJson().onPath(METAINFO).once());

    TenantApiException e = failure(client::latestAgentVersion);

    assertThat(e.kind()).isEqualTo(TenantErrorKind.TRANSIENT);
    assertThat(e.getMessage()).contains("invalid JSON");
  }

  // The simulator's reset closes the connection (FIN); the JDK client retries idempotent requests once on that,
  // and these tests pin that behaviour. A real RST is covered by ConnectionResetIT.
  @Test
  void aResetBeforeAnyByteIsRetriedOnceForGet() {
    sim.fault(SimFault.reset().onPath(METAINFO).once());

    assertThat(client.latestAgentVersion()).isEqualTo("1.301.0.20240915-120000");
    assertThat(sim.requests(".*" + METAINFO)).extracting(SimRequest::status).containsExactly(0, 200);
  }

  @Test
  void aSecondResetIsNotRetriedAgain() {
    sim.fault(SimFault.reset().onPath(METAINFO).times(2));

    TenantApiException e = failure(client::latestAgentVersion);

    assertThat(e.kind()).isEqualTo(TenantErrorKind.TRANSIENT);
    assertThat(e.getMessage()).contains("127.0.0.1:" + sim.port());
    assertThat(sim.count(".*" + METAINFO)).isEqualTo(2);
  }

  @Test
  void aResetOfAPostIsNotRetried() {
    sim.fault(SimFault.reset().on("POST", ".*/v2/activeGateTokens").once());

    TenantApiException e = failure(() -> client.createActiveGateToken("dk1"));

    assertThat(e.kind()).isEqualTo(TenantErrorKind.TRANSIENT);
    assertThat(sim.count(".*/v2/activeGateTokens")).isEqualTo(1);
    assertThat(sim.issuedActiveGateTokens()).isEmpty();
  }

  @Test
  void anEmptyConnectionInfoIsReturnedAsEmptyAndNotCached() {
    sim.fault(SimFault.emptyModel().onPath(".*/agent/connectioninfo").once());

    assertThat(client.agentConnectionInfo().isEmpty()).isTrue();
    assertThat(client.agentConnectionInfo().isEmpty()).isFalse();
    assertThat(client.agentConnectionInfo().isEmpty()).isFalse();

    assertThat(sim.count(".*/agent/connectioninfo")).isEqualTo(2);
  }

  @Test
  void anEmptyMetainfoIsAnErrorNamingTheField() {
    sim.fault(SimFault.emptyModel().onPath(METAINFO).once());

    TenantApiException e = failure(client::latestAgentVersion);

    assertThat(e.kind()).isEqualTo(TenantErrorKind.INVALID_CONTENT);
    assertThat(e.getMessage()).contains("latestAgentVersion");
    assertThat(client.latestAgentVersion()).isEqualTo("1.301.0.20240915-120000");
  }

  @Test
  void aVersionOfTheWrongShapeIsAnErrorNamingFieldAndValue() {
    sim.state().setLatestGatewayVersion("1.301-latest");

    TenantApiException e = failure(client::latestGatewayVersion);

    assertThat(e.kind()).isEqualTo(TenantErrorKind.INVALID_CONTENT);
    assertThat(e.getMessage()).contains("latestGatewayVersion").contains("'1.301-latest'");
  }

  @Test
  void aProcessModuleConfigWithoutPropertiesIsAnError() {
    sim.state().setProcessModuleProperties(List.of());

    TenantApiException e = failure(() -> client.processModuleConfig(null));

    assertThat(e.getMessage()).isEqualTo("process module config is empty");
  }

  @Test
  void aTruncatedZipFailsAndLeavesNoFile(@TempDir Path dir) {
    sim.fault(SimFault.truncatedBody().onPath(ZIP).once());
    Path target = dir.resolve("cm.zip");

    TenantApiException e = failure(() -> client.downloadCodeModules(
        ZipRequest.version("1.301.0.20240915-120000", CodeModulesFlavor.MULTIDISTRO, Arch.X86), target));

    assertThat(e.kind()).isEqualTo(TenantErrorKind.TRANSIENT);
    assertThat(dir.toFile().list()).isEmpty();
  }

  @Test
  void aVersionList404MeansNothingIsAvailable() {
    sim.fault(SimFault.status(404).onPath(".*/agent/versions/unix/paas").once());

    TenantApiException e = failure(() -> client.availableVersions(CodeModulesFlavor.MULTIDISTRO, Arch.ARM));

    assertThat(e.isNotFound()).isTrue();
    assertThat(e.getMessage()).isEqualTo("No code-modules versions are available for flavor multidistro, arch arm (HTTP 404).");
  }

  @Test
  void anErrorIsNotCached() {
    sim.fault(SimFault.status(503).onPath(METAINFO).once());

    failure(client::latestAgentVersion);
    client.latestAgentVersion();
    client.latestAgentVersion();

    assertThat(sim.requests(".*" + METAINFO)).extracting(SimRequest::status).containsExactly(503, 200);
  }
}
