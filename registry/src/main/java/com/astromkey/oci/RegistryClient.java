package com.astromkey.oci;

import com.astromkey.domain.image.ImageReference;
import com.astromkey.oci.RegistryException.Reason;
import com.astromkey.oci.auth.RegistrySession;
import com.astromkey.oci.auth.TokenCache;
import com.astromkey.oci.blob.BlobFetcher;
import com.astromkey.oci.blob.DeadlineInputStream;
import com.astromkey.oci.blob.VerifyingBlobStream;
import com.astromkey.oci.extract.ExtractionLimits;
import com.astromkey.oci.extract.InstallDirectory;
import com.astromkey.oci.extract.LayerExtractor;
import com.astromkey.oci.keychain.Keychain;
import com.astromkey.oci.manifest.Descriptor;
import com.astromkey.oci.manifest.ImageConfig;
import com.astromkey.oci.manifest.Manifest;
import com.astromkey.oci.manifest.ManifestFetcher;
import com.astromkey.oci.manifest.PlatformSelector;
import com.astromkey.oci.push.PushOperations;
import com.astromkey.oci.transport.ProxyConfig;
import com.astromkey.oci.transport.RegistryHttp;
import com.astromkey.oci.transport.RetryPolicy;
import com.astromkey.oci.transport.TransportConfig;
import com.astromkey.oci.transport.TrustConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Facade of the OCI client: resolve a reference for a platform, pull and extract it atomically, cheap digest checks, and
 * push sessions for the mirror. Thread-safe; build one per configuration and share it (tokens are cached inside).
 *
 * <p>Proxy credentials on HTTPS CONNECT only work when {@code -Djdk.http.auth.tunneling.disabledSchemes=} (empty) is set
 * before the first HttpClient is built; the launcher does this at start-up ({@link ProxyConfig#TUNNELING_PROPERTY}).
 */
public final class RegistryClient implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(RegistryClient.class);
  public static final Duration DEFAULT_INSTALL_TIMEOUT = Duration.ofMinutes(30);

  private final RegistryHttp http;
  private final TokenCache tokens;
  private final Supplier<Keychain> keychain;
  private final String subtree;
  private final ExtractionLimits limits;
  private final Duration installTimeout;

  private RegistryClient(Builder builder) {
    this.http = new RegistryHttp(new TransportConfig(builder.trust, builder.proxy, builder.connectTimeout,
        builder.readTimeout, builder.userAgent, builder.plainHttpHosts, builder.retryPolicy, builder.nativeTls));
    this.tokens = builder.tokens;
    this.keychain = builder.keychain;
    this.subtree = builder.subtree;
    this.limits = builder.limits;
    this.installTimeout = builder.installTimeout;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Resolves tag or digest to the platform manifest and its config, with every digest checked (§5–§6). */
  public ResolvedImage resolve(ImageReference reference, Platform platform) throws RegistryException {
    RegistrySession session = session(reference, Set.of());
    Manifest top = ManifestFetcher.get(session, reference.reference());
    Manifest image = top;
    String shown = reference.canonical();
    for (int depth = 0; image.isIndex(); depth++) {
      if (depth == 2) {
        throw new RegistryException(Reason.UNSUPPORTED_MANIFEST, shown + ": index nested more than one level");
      }
      Descriptor chosen = PlatformSelector.require(image, platform, shown);
      image = ManifestFetcher.get(session, chosen.digest().toString());
    }
    ImageConfig config = ImageConfig.parse(BlobFetcher.readSmall(session, image.config()), image.config().digest(),
        session.context());
    if (!top.isIndex()) {
      PlatformSelector.checkConfig(config, platform, shown);
    }
    LOG.debug("{} resolved for {} to manifest {} ({})", shown, platform, image.digest(), session.credentialSource());
    return new ResolvedImage(reference, top.digest(), image, config, platform, session);
  }

  /** HEAD of the manifest: the digest the reference points to now, empty if it does not exist. */
  public Optional<Digest> headDigest(ImageReference reference) throws RegistryException {
    return ManifestFetcher.head(session(reference, Set.of()), reference.reference());
  }

  /** Fetches the manifest (index or image) the reference points to, raw bytes kept. */
  public Manifest manifest(ImageReference reference) throws RegistryException {
    return ManifestFetcher.get(session(reference, Set.of()), reference.reference());
  }

  /** Resolves, then extracts; returns the platform manifest digest. */
  public Digest pullAndExtract(ImageReference reference, Platform platform, Path target) throws RegistryException {
    ResolvedImage image = resolve(reference, platform);
    extract(image, target);
    return image.manifestDigest();
  }

  /**
   * Downloads and applies every layer of a resolved image to a work directory beside {@code target} and renames it into
   * place; any failure (digest, unsafe entry, network) deletes the work directory and leaves {@code target} untouched.
   */
  public void extract(ResolvedImage image, Path target) throws RegistryException {
    RegistrySession session = image.session();
    long started = System.nanoTime();
    long deadline = started + installTimeout.toNanos();
    try (InstallDirectory install = InstallDirectory.beside(target)) {
      LayerExtractor extractor = new LayerExtractor(install.work(), subtree, limits);
      for (Descriptor layer : image.manifest().layers()) {
        requireTarLayer(layer, session);
        try (VerifyingBlobStream blob = VerifyingBlobStream.open(session, layer)) {
          extractor.apply(new DeadlineInputStream(blob, deadline, installTimeout, session.context()), layer.mediaType(),
              layer.digest().toString());
          blob.drainAndVerify();
        }
      }
      extractor.finish();
      install.commit();
    } catch (RegistryException e) {
      throw e;
    } catch (IOException e) {
      throw new RegistryException(Reason.EXTRACTION_FAILED, image.reference().canonical() + ": " + e.getMessage(), e);
    }
    LOG.info("{} ({}) installed to {} in {} ms", image.reference().canonical(), image.manifestDigest(), target,
        Duration.ofNanos(System.nanoTime() - started).toMillis());
  }

  private static void requireTarLayer(Descriptor layer, RegistrySession session) throws RegistryException {
    String type = layer.mediaType();
    if (type != null && !type.contains("tar") && !type.contains("rootfs")) {
      throw new RegistryException(Reason.UNSUPPORTED_LAYER, session.context() + ": layer " + layer.digest()
          + " has media type " + type + ", not a tar layer");
    }
  }

  /** Write access to a repository (mirror destination); {@code mountFrom} adds pull on the mount source. */
  public PushOperations push(ImageReference destination, String... mountFrom) {
    Set<String> scopes = new LinkedHashSet<>();
    scopes.add(RegistrySession.pushScope(destination.path()));
    for (String from : mountFrom) {
      scopes.add(RegistrySession.pullScope(from));
    }
    return new PushOperations(session(destination, scopes));
  }

  /** An authenticated session for other read operations (signatures, referrers) on the reference's repository. */
  public RegistrySession session(ImageReference reference, Set<String> extraScopes) {
    Repository repository = Repository.of(reference);
    Set<String> scopes = new HashSet<>(extraScopes);
    if (scopes.stream().noneMatch(s -> s.startsWith("repository:" + reference.path() + ":"))) {
      scopes.add(RegistrySession.pullScope(reference.path()));
    }
    Keychain current = keychain.get();
    return new RegistrySession(http, tokens, repository, current.candidates(reference.domain(), reference.path()), scopes);
  }

  /** Tokens issued so far (troubleshooting and tests). */
  public TokenCache tokenCache() {
    return tokens;
  }

  /** For short-lived processes (the CLI modes): frees the HTTP client's thread so that the JVM can exit at once. */
  @Override
  public void close() {
    http.close();
  }

  /** Builder with the defaults of registry.md §2: system trust, no proxy, 10 s connect, 30 s read, 5 attempts. */
  public static final class Builder {
    private TrustConfig trust = TrustConfig.systemDefaults();
    private ProxyConfig proxy;
    private Duration connectTimeout;
    private Duration readTimeout;
    private String userAgent;
    private Set<String> plainHttpHosts = Set.of();
    private RetryPolicy retryPolicy;
    private boolean nativeTls;
    private Supplier<Keychain> keychain = Keychain::anonymous;
    private TokenCache tokens = new TokenCache();
    private String subtree = LayerExtractor.DEFAULT_SUBTREE;
    private ExtractionLimits limits = ExtractionLimits.DEFAULT;
    private Duration installTimeout = DEFAULT_INSTALL_TIMEOUT;

    public Builder keychain(Keychain value) {
      Objects.requireNonNull(value, "keychain");
      this.keychain = () -> value;
      return this;
    }

    /** Called once per operation, so rotated pull secrets are used on the next pull without a restart. */
    public Builder keychain(Supplier<Keychain> value) {
      this.keychain = Objects.requireNonNull(value, "keychain");
      return this;
    }

    public Builder trust(TrustConfig value) {
      this.trust = Objects.requireNonNull(value, "trust");
      return this;
    }

    public Builder proxy(ProxyConfig value) {
      this.proxy = value;
      return this;
    }

    public Builder connectTimeout(Duration value) {
      this.connectTimeout = value;
      return this;
    }

    public Builder readTimeout(Duration value) {
      this.readTimeout = value;
      return this;
    }

    /** e.g. {@code astromkey-operator/1.0.0 (csi-provisioner)}. */
    public Builder userAgent(String value) {
      this.userAgent = value;
      return this;
    }

    /** CLI {@code --plain-http} hosts (host or host:port). */
    public Builder plainHttpHosts(Set<String> value) {
      this.plainHttpHosts = Set.copyOf(value);
      return this;
    }

    public Builder retryPolicy(RetryPolicy value) {
      this.retryPolicy = value;
      return this;
    }

    /** BoringSSL engines for TLS when the native library loads here, else the JDK's (docs/adr/0007); default off. */
    public Builder nativeTls(boolean value) {
      this.nativeTls = value;
      return this;
    }

    /** Image path prefix that is installed, default {@value LayerExtractor#DEFAULT_SUBTREE}; "" for the whole image. */
    public Builder subtree(String value) {
      this.subtree = Objects.requireNonNull(value, "subtree");
      return this;
    }

    public Builder extractionLimits(ExtractionLimits value) {
      this.limits = Objects.requireNonNull(value, "limits");
      return this;
    }

    /** Upper bound for downloading and extracting one image (registry.md §2: 30 minutes). */
    public Builder installTimeout(Duration value) {
      this.installTimeout = Objects.requireNonNull(value, "installTimeout");
      return this;
    }

    /** Share one token cache between clients (e.g. one per trust configuration). */
    public Builder tokenCache(TokenCache value) {
      this.tokens = Objects.requireNonNull(value, "tokens");
      return this;
    }

    public RegistryClient build() {
      return new RegistryClient(this);
    }
  }

}
