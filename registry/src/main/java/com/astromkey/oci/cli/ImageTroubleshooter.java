package com.astromkey.oci.cli;

import com.astromkey.domain.feature.SignatureMode;
import com.astromkey.domain.image.ImageReference;
import com.astromkey.domain.image.ImageReferenceException;
import com.astromkey.oci.Platform;
import com.astromkey.oci.RegistryClient;
import com.astromkey.oci.RegistryException;
import com.astromkey.oci.RegistryException.Reason;
import com.astromkey.oci.Repository;
import com.astromkey.oci.auth.Challenge;
import com.astromkey.oci.keychain.Keychain;
import com.astromkey.oci.keychain.KeychainEntry;
import com.astromkey.oci.manifest.Manifest;
import com.astromkey.oci.transport.RegistryHttp;
import com.astromkey.oci.transport.RegistryRequest;
import com.astromkey.oci.transport.RegistryResponse;
import com.astromkey.oci.transport.TransportConfig;
import com.astromkey.oci.verify.SignatureFormat;
import com.astromkey.oci.verify.SignatureVerifier;
import com.astromkey.oci.verify.TrustedKey;
import com.astromkey.oci.verify.VerificationResult;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The registry half of {@code troubleshoot} (registry.md §12, "Each image"): reference, DNS, TLS, auth challenge, keychain
 * entry, manifest, required platforms and signature, one {@link CheckLine} each. It takes plain inputs (keychain, transport,
 * platforms the nodes need, keys) so the operator module's troubleshoot mode can feed it from the Kubernetes API.
 */
public final class ImageTroubleshooter {

  /** What the Kubernetes side found out: platforms of the nodes, or the fallback when nodes cannot be listed. */
  public record NodePlatforms(Set<Platform> platforms, boolean fromNodes) {
    public static NodePlatforms fallback() {
      return new NodePlatforms(Set.of(Platform.LINUX_AMD64, Platform.LINUX_ARM64), false);
    }
  }

  private final TransportConfig transport;
  private final Keychain keychain;
  private final RegistryClient client;
  private final RegistryHttp http;

  public ImageTroubleshooter(TransportConfig transport, Keychain keychain) {
    this.transport = transport;
    this.keychain = keychain;
    this.http = new RegistryHttp(transport);
    this.client = RegistryClient.builder().keychain(keychain).trust(transport.trust()).proxy(transport.proxy())
        .plainHttpHosts(transport.plainHttpHosts()).userAgent(transport.userAgent())
        .connectTimeout(transport.connectTimeout()).readTimeout(transport.readTimeout())
        .retryPolicy(transport.retryPolicy()).build();
  }

  /** All checks for one image; later checks are skipped once one fails that they depend on. */
  public List<CheckLine> check(String label, String referenceText, NodePlatforms nodes, List<TrustedKey> keys,
      SignatureMode mode) {
    List<CheckLine> lines = new ArrayList<>();
    ImageReference reference;
    try {
      reference = ImageReference.parse(referenceText);
      lines.add(CheckLine.pass(label + " reference", reference.canonical()));
    } catch (ImageReferenceException e) {
      lines.add(CheckLine.fail(label + " reference", "'" + referenceText + "': " + e.getMessage(),
          "correct the image reference in the DynaKube or Helm values"));
      return lines;
    }
    Repository repository = Repository.of(reference);
    lines.add(dns(label, repository));
    CheckLine reachability = challenge(label, reference, repository, lines);
    lines.add(reachability);
    if (reachability.status() == CheckLine.Status.FAIL) {
      return lines;
    }
    lines.add(credentials(label, reference));
    Manifest top;
    try {
      top = client.manifest(reference);
      lines.add(CheckLine.pass(label + " manifest", top.digest() + " (" + top.mediaType() + ")"));
    } catch (RegistryException e) {
      lines.add(CheckLine.fail(label + " manifest", e.getMessage(), manifestHint(e.reason())));
      return lines;
    }
    lines.add(platforms(label, reference, nodes));
    if (!keys.isEmpty() && mode != SignatureMode.OFF) {
      lines.add(signature(label, reference, top, keys, mode));
    }
    return lines;
  }

  private CheckLine dns(String label, Repository repository) {
    String host = repository.host();
    String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    try {
      InetAddress[] addresses = InetAddress.getAllByName(bare);
      return CheckLine.pass(label + " DNS", host + " resolves to " + addresses.length
          + (addresses.length == 1 ? " address" : " addresses"));
    } catch (UnknownHostException e) {
      if (transport.proxy() != null) {
        return CheckLine.warn(label + " DNS", host + " does not resolve here; the proxy resolves it",
            "make sure the proxy can reach " + host);
      }
      return CheckLine.fail(label + " DNS", host + " does not resolve", "check the registry host name and the cluster DNS");
    }
  }

  /** TLS and the authentication challenge of {@code GET /v2/}; the TLS line is added to {@code lines} directly. */
  private CheckLine challenge(String label, ImageReference reference, Repository repository, List<CheckLine> lines) {
    URI base = http.baseUri(repository.endpoint());
    RegistryRequest ping = RegistryRequest.get(URI.create(base + "/v2/"), "registry " + reference.domain());
    try (RegistryResponse response = http.exchange(ping)) {
      URI used = response.uri();
      lines.add("https".equals(used.getScheme())
          ? CheckLine.pass(label + " TLS", transport.trust().insecureSkipVerify()
              ? "HTTPS, certificate not checked (skipCertCheck)" : "HTTPS, certificate chain trusted")
          : CheckLine.warn(label + " TLS", "plain HTTP to " + used.getHost(), "serve the registry over HTTPS"));
      if (response.status() == 200) {
        return CheckLine.pass(label + " auth challenge", "anonymous access to /v2/");
      }
      if (response.status() != 401) {
        return CheckLine.fail(label + " auth challenge", "/v2/ answered " + response.status(),
            "is " + reference.domain() + " an OCI registry?");
      }
      List<Challenge> challenges = Challenge.parseAll(response.headers().allValues("WWW-Authenticate"));
      if (challenges.isEmpty()) {
        return CheckLine.fail(label + " auth challenge", "401 without WWW-Authenticate", "check the registry configuration");
      }
      Challenge c = challenges.get(0);
      String detail = c.isBearer()
          ? "Bearer realm " + c.parameter("realm") + ", service " + c.parameter("service") + ", scope repository:"
              + reference.path() + ":pull"
          : c.scheme() + " realm " + c.parameter("realm");
      return CheckLine.pass(label + " auth challenge", detail);
    } catch (RegistryException e) {
      if (e.reason() == Reason.TLS) {
        lines.add(CheckLine.fail(label + " TLS", e.getMessage(),
            "add the CA that signed the registry certificate to trustedCAs (or --ca-file)"));
        return CheckLine.fail(label + " auth challenge", "not reached (TLS failed)", null);
      }
      lines.add(CheckLine.fail(label + " TLS", "not reached: " + e.getMessage(),
          "check network policies, proxy and no-proxy settings"));
      return CheckLine.fail(label + " auth challenge", "not reached", null);
    }
  }

  private CheckLine credentials(String label, ImageReference reference) {
    List<KeychainEntry> candidates = keychain.candidates(reference.domain(), reference.path());
    if (candidates.isEmpty()) {
      return CheckLine.warn(label + " pull secret", "no entry matches " + reference.domain() + "/" + reference.path()
          + "; anonymous access", "add an auths entry for " + reference.domain() + " if the registry needs credentials");
    }
    return CheckLine.pass(label + " pull secret", candidates.get(0).source());
  }

  private CheckLine platforms(String label, ImageReference reference, NodePlatforms nodes) {
    List<String> present = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    for (Platform p : nodes.platforms().stream().sorted(Comparator.comparing(Platform::toString)).toList()) {
      try {
        client.resolve(reference, p);
        present.add(p.os() + "/" + p.architecture());
      } catch (RegistryException e) {
        if (e.reason() != Reason.PLATFORM_NOT_FOUND && e.reason() != Reason.PLATFORM_MISMATCH) {
          return CheckLine.fail(label + " platforms", e.getMessage(), manifestHint(e.reason()));
        }
        missing.add(p.os() + "/" + p.architecture());
      }
    }
    String source = nodes.fromNodes() ? "needed by the nodes" : "assumed (nodes cannot be listed)";
    if (missing.isEmpty()) {
      return nodes.fromNodes()
          ? CheckLine.pass(label + " platforms", String.join(", ", present) + " present, " + source)
          : CheckLine.warn(label + " platforms", String.join(", ", present) + " present, " + source,
              "allow the operator service account to list nodes");
    }
    return nodes.fromNodes()
        ? CheckLine.fail(label + " platforms", "missing " + String.join(", ", missing) + " (" + source + ")",
            "use a multi-platform image that includes " + String.join(", ", missing))
        : CheckLine.warn(label + " platforms", "missing " + String.join(", ", missing) + " (" + source + ")",
            "use a multi-platform image, or let the operator list nodes to check what is really needed");
  }

  private CheckLine signature(String label, ImageReference reference, Manifest top, List<TrustedKey> keys,
      SignatureMode mode) {
    VerificationResult r = new SignatureVerifier(client).verifyDigest(reference, top.digest(), keys,
        EnumSet.allOf(SignatureFormat.class));
    if (r.isVerified()) {
      return CheckLine.pass(label + " signature", r.state() + ", " + r.message());
    }
    String hint = switch (r.state()) {
      case SignatureMissing -> "sign the image (cosign sign --key) or mirror it with its signatures";
      case SignatureInvalid -> "add the signing public key to signatureVerification.publicKeys";
      default -> "check registry access; verification fails closed in enforce mode";
    };
    String detail = r.state() + ", " + r.message();
    return mode == SignatureMode.ENFORCE ? CheckLine.fail(label + " signature", detail, hint)
        : CheckLine.warn(label + " signature", detail, hint);
  }

  private static String manifestHint(Reason reason) {
    return switch (reason) {
      case UNAUTHORIZED, DENIED -> "check the pull secret: its credentials are refused for this repository";
      case NOT_FOUND -> "check the repository path and tag (it may not be mirrored yet)";
      default -> "see the message; the operator retries transient failures";
    };
  }
}
