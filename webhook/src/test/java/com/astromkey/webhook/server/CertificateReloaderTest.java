package com.astromkey.webhook.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.astromkey.webhook.fixture.TestCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading and swapping the serving certificate from tls.crt/tls.key; a broken pair never replaces a working one. */
class CertificateReloaderTest {
  @TempDir
  Path certs;
  private final TestCertificates ca = new TestCertificates();
  private final ReloadingKeyManager keyManager = new ReloadingKeyManager();
  private final AtomicLong expiry = new AtomicLong();
  @Test
  void nothingToLoadUntilBothFilesExist() throws Exception {
    CertificateReloader empty = new CertificateReloader(certs, keyManager, expiry::set);
    assertThat(empty.reload()).isFalse();
    assertThat(empty.loaded()).isFalse();

    Files.writeString(certs.resolve("tls.key"), ca.issue("x").keyPem());
    assertThat(empty.reload()).isFalse();
  }

  @Test
  void loadsOnceAndSwapsOnlyOnChange() {
    CertificateReloader subject = new CertificateReloader(certs, keyManager, expiry::set);
    TestCertificates.Issued first = ca.write(certs, "first");

    assertThat(subject.reload()).isTrue();
    assertThat(subject.reload()).as("unchanged files are not reloaded").isFalse();
    assertThat(served()).isEqualTo(first.certificate());
    assertThat(expiry.get()).isEqualTo(first.certificate().getNotAfter().toInstant().getEpochSecond());

    TestCertificates.Issued second = ca.write(certs, "second");
    assertThat(subject.reload()).isTrue();
    assertThat(served()).isEqualTo(second.certificate());
  }

  @Test
  void brokenOrMismatchedFilesKeepThePreviousCertificate() throws Exception {
    CertificateReloader subject = new CertificateReloader(certs, keyManager, expiry::set);
    TestCertificates.Issued first = ca.write(certs, "first");
    subject.reload();

    Files.writeString(certs.resolve("tls.crt"), "-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n");
    assertThat(subject.reload()).isFalse();
    Files.writeString(certs.resolve("tls.crt"), ca.issue("other").certificatePem());
    Files.writeString(certs.resolve("tls.key"), "garbage");
    assertThat(subject.reload()).isFalse();

    assertThat(served()).isEqualTo(first.certificate());
  }

  private X509Certificate served() {
    return keyManager.getCertificateChain(keyManager.chooseServerAlias("EC", null, null))[0];
  }
}
