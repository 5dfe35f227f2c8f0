/**
 * Loopback proxies: {@link com.astromkey.sandbox.proxy.FaultProxy} (fault injection in front of a registry) and
 * {@link com.astromkey.sandbox.proxy.ConnectProxy} (forward proxy with optional Basic proxy auth). Usage: {@code sandbox/README.md}.
 */
package com.astromkey.sandbox.proxy;
