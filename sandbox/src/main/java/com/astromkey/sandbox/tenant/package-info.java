/**
 * The tenant simulator of tenant-api.md §5 and a small CONNECT proxy, for tests of the tenant client and of the modes
 * that use it.
 *
 * <pre>{@code
 * try (TenantSimulator sim = TenantSimulator.startHttps()) {
 *   sim.state().setLatestAgentVersion("1.302.0.20241001-000000");
 *   sim.fault(SimFault.status(429).retryAfter("90").on("GET", ".*metainfo").once());
 *   // spec.apiUrl = sim.apiUrl(), apiToken = TenantSimState.DEFAULT_API_TOKEN, trustedCAs = sim.caPem()
 *   assertThat(sim.requests(".*metainfo")).extracting(SimRequest::tokenKind).containsOnly("api");
 * }
 * }</pre>
 */
package com.astromkey.sandbox.tenant;
