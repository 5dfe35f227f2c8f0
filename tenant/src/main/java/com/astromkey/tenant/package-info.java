/**
 * Client of the tenant REST API (spec tenant-api.md §1–§4), on the JDK {@code HttpClient} only.
 *
 * <pre>{@code
 * TenantClientConfig config = TenantClientConfig.builder(dk.getSpec().getApiUrl(), new TenantTokens(apiToken, paasToken))
 *     .trustedCaPems(List.of(trustedCasPem))
 *     .proxy(ProxyConfig.parse(proxyUrl))
 *     .noProxy(NoProxy.parse(featureFlagNoProxy))
 *     .networkZone(dk.getSpec().getNetworkZone())
 *     .component(Component.OPERATOR)
 *     .operatorVersion(Main.VERSION)
 *     .requestThreshold(Duration.ofMinutes(threshold))
 *     .clock(clock)
 *     .build();
 * try (TenantClient tenant = new TenantClient(config, (endpoint, code, took) -> metrics.count(endpoint, code))) {
 *   ConnectionInfo info = tenant.agentConnectionInfo();     // empty → postpone
 *   String version = tenant.latestAgentVersion();
 * } catch (TenantApiException e) {
 *   // e.isAuthError() → Tokens=False; e.requeueDelay() → 429/503; e.isTransient() → keep last good values
 * }
 * }</pre>
 *
 * <p>Keep one client per DynaKube while its configuration is unchanged: the response cache lives in the client.
 *
 * <p>Two JDK behaviours shape the design. With a {@code java.net.Authenticator} set, the JDK client drops every
 * user-set {@code Authorization} header, so proxy credentials are sent preemptively as {@code Proxy-Authorization}
 * (which the JDK puts on the CONNECT only when {@code jdk.http.auth.tunneling.disabledSchemes=""}, set by the launcher).
 * And the JDK already retries an idempotent request once when the connection is closed or reset before any response
 * byte, which is the single retry the spec allows, so the client adds none of its own.
 */
package com.astromkey.tenant;
