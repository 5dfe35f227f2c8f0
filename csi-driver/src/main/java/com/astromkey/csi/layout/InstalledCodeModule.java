package com.astromkey.csi.layout;

import java.nio.file.Path;

/** An installed version in the cache: its key and its directory {@code codemodules/<key>}. */
public record InstalledCodeModule(String key, Path dir) {}
