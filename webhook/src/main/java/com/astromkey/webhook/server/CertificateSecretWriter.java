package com.astromkey.webhook.server;

import com.astromkey.domain.names.ObjectNames;
import com.astromkey.domain.names.SecretKeys;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies Secret {@code astromkey-webhook-certs} from the informer into the certificate directory (key first, certificate last,
 * each by atomic rename) and asks the reloader to pick it up; other Secrets are ignored. {@code ca.key} is never in that Secret.
 */
public final class CertificateSecretWriter implements ResourceEventHandler<Secret> {
  private static final Logger LOG = LoggerFactory.getLogger(CertificateSecretWriter.class);

  private final Path directory;
  private final CertificateReloader reloader;

  public CertificateSecretWriter(Path directory, CertificateReloader reloader) {
    this.directory = directory;
    this.reloader = reloader;
  }

  @Override
  public void onAdd(Secret secret) {
    write(secret);
  }

  @Override
  public void onUpdate(Secret oldSecret, Secret newSecret) {
    write(newSecret);
  }

  @Override
  public void onDelete(Secret secret, boolean deletedFinalStateUnknown) {
    // Keep serving the last certificate: the operator recreates the Secret, and an empty directory would fail every handshake.
  }

  void write(Secret secret) {
    if (secret.getMetadata() == null || !ObjectNames.WEBHOOK_CERTS_SECRET.equals(secret.getMetadata().getName())) {
      return;
    }
    Map<String, String> data = secret.getData();
    if (data == null || data.get(SecretKeys.TLS_CRT) == null || data.get(SecretKeys.TLS_KEY) == null) {
      LOG.warn("Secret {} has no {} and {} yet", ObjectNames.WEBHOOK_CERTS_SECRET, SecretKeys.TLS_CRT, SecretKeys.TLS_KEY);
      return;
    }
    try {
      Files.createDirectories(directory);
      boolean changed = writeIfChanged(SecretKeys.TLS_KEY, data.get(SecretKeys.TLS_KEY));
      changed |= writeIfChanged(SecretKeys.TLS_CRT, data.get(SecretKeys.TLS_CRT));
      if (data.get(SecretKeys.CA_CRT) != null) {
        writeIfChanged(SecretKeys.CA_CRT, data.get(SecretKeys.CA_CRT));
      }
      if (changed) {
        LOG.info("Certificate files in {} updated from Secret {}", directory, ObjectNames.WEBHOOK_CERTS_SECRET);
        reloader.reload();
      }
    } catch (IOException | IllegalArgumentException e) {
      LOG.error("Cannot write the certificate files to {}: {}", directory, e.getMessage());
    }
  }

  private boolean writeIfChanged(String name, String base64) throws IOException {
    byte[] content = Base64.getDecoder().decode(base64);
    Path target = directory.resolve(name);
    if (Files.exists(target) && Arrays.equals(Files.readAllBytes(target), content)) {
      return false;
    }
    Path temp = Files.createTempFile(directory, "." + name, ".tmp");
    Files.write(temp, content);
    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    return true;
  }
}
