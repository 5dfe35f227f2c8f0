package com.astromkey.webhook.server;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/** A certificate chain and its private key read from PEM ({@code tls.crt}, {@code tls.key}), as a JSSE key manager. */
public record PemKeyMaterial(List<X509Certificate> chain, PrivateKey key) {
  private static final char[] IN_MEMORY_PASSWORD = "in-memory".toCharArray();

  /** Accepts SEC1 ({@code EC PRIVATE KEY}), PKCS#1 and PKCS#8 keys; the message never contains key material. */
  public static PemKeyMaterial parse(byte[] certificatePem, byte[] keyPem) throws IOException {
    List<X509Certificate> chain = new ArrayList<>();
    JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
    try (PEMParser parser = new PEMParser(new StringReader(new String(certificatePem, StandardCharsets.US_ASCII)))) {
      Object item;
      while ((item = parser.readObject()) != null) {
        if (item instanceof X509CertificateHolder holder) {
          chain.add(converter.getCertificate(holder));
        }
      }
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new IOException("the certificate file is not a PEM certificate chain");
    }
    if (chain.isEmpty()) {
      throw new IOException("the certificate file holds no certificate");
    }
    PrivateKey key;
    try (PEMParser parser = new PEMParser(new StringReader(new String(keyPem, StandardCharsets.US_ASCII)))) {
      Object item = parser.readObject();
      JcaPEMKeyConverter keys = new JcaPEMKeyConverter();
      if (item instanceof PEMKeyPair pair) {
        // Only the private part: SEC1 keys may omit the optional public key, and a key pair conversion would fail.
        key = keys.getPrivateKey(pair.getPrivateKeyInfo());
      } else if (item instanceof PrivateKeyInfo info) {
        key = keys.getPrivateKey(info);
      } else {
        throw new IOException("the key file holds no unencrypted private key");
      }
    } catch (RuntimeException e) {
      throw new IOException("the key file is not a PEM private key");
    }
    return new PemKeyMaterial(List.copyOf(chain), key);
  }

  public X509Certificate leaf() {
    return chain.get(0);
  }

  public X509ExtendedKeyManager keyManager() throws GeneralSecurityException {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry("server", key, IN_MEMORY_PASSWORD, chain.toArray(new X509Certificate[0]));
      KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      factory.init(store, IN_MEMORY_PASSWORD);
      for (KeyManager manager : factory.getKeyManagers()) {
        if (manager instanceof X509ExtendedKeyManager extended) {
          return extended;
        }
      }
      throw new GeneralSecurityException("no X509 key manager available");
    } catch (IOException e) {
      throw new GeneralSecurityException("cannot build the in-memory key store", e);
    }
  }
}
