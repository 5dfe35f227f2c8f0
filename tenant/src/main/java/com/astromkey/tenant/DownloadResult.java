package com.astromkey.tenant;

/** What a zip download produced: byte count and lower-case hex SHA-256, for the caller to check or log. */
public record DownloadResult(long size, String sha256) {}
