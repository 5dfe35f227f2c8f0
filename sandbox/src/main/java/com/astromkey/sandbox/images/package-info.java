/**
 * Test images: jib-core pushes ({@link com.astromkey.sandbox.images.JibImages}) and byte-exact pushes through the own
 * {@link com.astromkey.sandbox.images.RawUploader} (OCI indexes, Docker lists, malicious layers, signatures).
 * Usage: {@code sandbox/README.md}.
 */
package com.astromkey.sandbox.images;
