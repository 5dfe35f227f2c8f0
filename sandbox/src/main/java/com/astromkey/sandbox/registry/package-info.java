/**
 * A real CNCF distribution registry for tests ({@link com.astromkey.sandbox.registry.LocalRegistry}): anonymous, htpasswd or
 * token auth (with the sandbox {@link com.astromkey.sandbox.registry.TokenIssuer}), optional TLS, stop/restart, access log.
 * Usage: {@code sandbox/README.md}.
 */
package com.astromkey.sandbox.registry;
