package com.astromkey.sandbox.images;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;

/** A per-run ECDSA P-256 test signing key (the "test keys A and B" of helm-and-image.md §6.2). */
public final class SigningKey {

    private final String name;
    private final KeyPair keyPair;

    private SigningKey(String name, KeyPair keyPair) {
        this.name = name;
        this.keyPair = keyPair;
    }

    public static SigningKey generate(String name) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return new SigningKey(name, g.generateKeyPair());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public String name() {
        return name;
    }

    public PublicKey publicKey() {
        return keyPair.getPublic();
    }

    /** {@code -----BEGIN PUBLIC KEY-----} (SubjectPublicKeyInfo), the format cosign and the product read. */
    public String publicKeyPem() {
        return "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                        .encodeToString(keyPair.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }

    public Path writePublicKeyPem(Path file) {
        try {
            Files.writeString(file, publicKeyPem());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** ASN.1 DER {@code SHA256withECDSA} signature over {@code data}. */
    public byte[] sign(byte[] data) {
        return sign("SHA256withECDSA", data);
    }

    /** ASN.1 DER ECDSA signature over an already computed SHA-256 digest (sigstore {@code messageSignature}). */
    public byte[] signDigest(byte[] sha256) {
        return sign("NONEwithECDSA", sha256);
    }

    private byte[] sign(String algorithm, byte[] data) {
        try {
            Signature s = Signature.getInstance(algorithm);
            s.initSign(keyPair.getPrivate());
            s.update(data);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "SigningKey[" + name + "]";
    }
}
