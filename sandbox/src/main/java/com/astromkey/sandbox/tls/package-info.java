/** The sandbox certificate authority shared by servers that need loopback TLS. */
package com.astromkey.sandbox.tls;
