package com.astromkey.webhook.server;

import com.astromkey.domain.names.SecretKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads {@code tls.crt}/{@code tls.key} from the certificate directory into the {@link ReloadingKeyManager} and reloads them
 * whenever their content changes (polled; the operator rotates the Secret, the webhook rewrites the files).
 */
public final class CertificateReloader implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CertificateReloader.class);

  private final Path directory;
  private final ReloadingKeyManager keyManager;
  private final LongConsumer expiryListener;
  private byte[] loadedDigest;
  private ScheduledExecutorService poller;

  /** {@code expiryListener} receives the notAfter (epoch seconds) of every certificate that gets loaded. */
  public CertificateReloader(Path directory, ReloadingKeyManager keyManager, LongConsumer expiryListener) {
    this.directory = directory;
    this.keyManager = keyManager;
    this.expiryListener = expiryListener;
  }

  public Path certificateFile() {
    return directory.resolve(SecretKeys.TLS_CRT);
  }

  public Path keyFile() {
    return directory.resolve(SecretKeys.TLS_KEY);
  }

  /**
   * Loads the files if they changed since the last load. A missing, half-written or broken pair keeps the previous
   * certificate (the files are written one after the other), and is retried on the next poll.
   */
  public synchronized boolean reload() {
    byte[] certificate;
    byte[] key;
    try {
      certificate = Files.readAllBytes(certificateFile());
      key = Files.readAllBytes(keyFile());
    } catch (NoSuchFileException e) {
      LOG.debug("No certificate in {} yet", directory);
      return false;
    } catch (IOException e) {
      LOG.warn("Cannot read the certificate files in {}: {}", directory, e.getMessage());
      return false;
    }
    byte[] digest = digest(certificate, key);
    if (Arrays.equals(digest, loadedDigest)) {
      return false;
    }
    try {
      PemKeyMaterial material = PemKeyMaterial.parse(certificate, key);
      keyManager.swap(material.keyManager());
      loadedDigest = digest;
      long notAfter = material.leaf().getNotAfter().toInstant().getEpochSecond();
      expiryListener.accept(notAfter);
      LOG.info("Serving certificate loaded: subject '{}', valid until {}", material.leaf().getSubjectX500Principal().getName(),
          material.leaf().getNotAfter().toInstant());
      return true;
    } catch (IOException | GeneralSecurityException e) {
      LOG.warn("Certificate files in {} are not usable yet ({}); keeping the previous certificate", directory, e.getMessage());
      return false;
    }
  }

  public boolean loaded() {
    return keyManager.loaded();
  }

  public synchronized void startPolling(Duration interval) {
    if (poller != null) {
      return;
    }
    poller = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "webhook-cert-reload");
      thread.setDaemon(true);
      return thread;
    });
    poller.scheduleWithFixedDelay(this::reload, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public synchronized void close() {
    if (poller != null) {
      poller.shutdownNow();
      poller = null;
    }
  }

  private static byte[] digest(byte[] certificate, byte[] key) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(certificate);
      sha.update((byte) 0);
      sha.update(key);
      return sha.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM provides SHA-256", e);
    }
  }
}
