package com.astromkey.bootstrap.install;

import com.astromkey.bootstrap.outcome.Delivery;

/** What the install step did: the delivery used and the code-modules version, empty when unknown. */
public record Installed(Delivery delivery, String version) {}
