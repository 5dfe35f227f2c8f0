package com.astromkey.operator.troubleshoot;

import com.astromkey.domain.dynakube.DynaKube;
import com.astromkey.domain.dynakube.spec.AppInjection;
import com.astromkey.domain.dynakube.spec.HostInjectSpec;
import com.astromkey.domain.dynakube.spec.OneAgentMode;
import com.astromkey.domain.dynakube.status.DynaKubeStatus;
import com.astromkey.domain.dynakube.status.VersionStatus;
import com.astromkey.domain.feature.SignatureMode;
import com.astromkey.domain.names.EnvVars;
import com.astromkey.oci.cli.CheckLine;
import com.astromkey.oci.cli.ImageTroubleshooter;
import com.astromkey.oci.cli.ImageTroubleshooter.NodePlatforms;
import com.astromkey.oci.transport.ProxyConfig;
import com.astromkey.oci.transport.RetryPolicy;
import com.astromkey.oci.transport.TransportConfig;
import com.astromkey.oci.verify.TrustedKey;
import com.astromkey.operator.OperatorConfig;
import com.astromkey.operator.signature.RegistryAccess;
import com.astromkey.operator.signature.SignaturePolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The images one DynaKube uses (operator, OneAgent, ActiveGate, code modules), each checked by the registry module's
 * {@link ImageTroubleshooter} with the DynaKube's merged keychain, CAs and proxy, against the platforms of the nodes.
 */
final class ImageChecks {
  /** Fewer and shorter retries than the operator's: a person is waiting for the answer. */
  static final RetryPolicy RETRIES = new RetryPolicy(2, Duration.ofMillis(200), Duration.ofSeconds(2), 0.2,
      Duration.ofSeconds(5));

  private final OperatorConfig config;
  private final List<TrustedKey> keys;

  ImageChecks(OperatorConfig config, List<TrustedKey> keys) {
    this.config = config;
    this.keys = List.copyOf(keys);
  }

  /** One image to check; {@code reference} is empty when the DynaKube uses the component but no image is known yet. */
  record ImageUse(String label, Optional<String> reference, boolean codeModules) {}

  static List<ImageUse> images(DynaKube dk, OperatorConfig config) {
    List<ImageUse> images = new ArrayList<>();
    images.add(new ImageUse("operator", Optional.of(config.operatorImage()).filter(s -> !s.isEmpty()), false));
    DynaKubeStatus status = dk.getStatus() == null ? new DynaKubeStatus() : dk.getStatus();
    Optional<OneAgentMode> mode = dk.getSpec().getOneAgent() == null ? Optional.empty()
        : dk.getSpec().getOneAgent().mode();
    if (mode.isPresent() && mode.get().runsDaemonSet()) {
      HostInjectSpec host = dk.getSpec().getOneAgent().hostSpec(mode.get());
      images.add(new ImageUse("oneAgent", specOrResolved(host == null ? null : host.getImage(), status.getOneAgent()),
          false));
    }
    if (dk.getSpec().activeGateEnabled()) {
      images.add(new ImageUse("activeGate", specOrResolved(dk.getSpec().getActiveGate().getImage(),
          status.getActiveGate()), false));
    }
    if (mode.isPresent() && mode.get().injectsCodeModules()) {
      AppInjection injection = dk.getSpec().getOneAgent().appInjection(mode.get());
      // without codeModulesImage the code modules come from the tenant as a zip: no image to check
      if (injection != null && injection.hasCodeModulesImage()) {
        images.add(new ImageUse("codeModules", Optional.of(injection.getCodeModulesImage()), true));
      }
    }
    return images;
  }

  /** The spec's image, else the tenant-registry image the operator resolved into the status. */
  private static Optional<String> specOrResolved(String specImage, VersionStatus resolved) {
    if (specImage != null && !specImage.isBlank()) {
      return Optional.of(specImage.trim());
    }
    return Optional.ofNullable(resolved == null ? null : resolved.getImageID()).filter(s -> !s.isBlank());
  }

  void check(DynaKube dk, RegistryAccess access, NodePlatforms nodes, Consumer<CheckLine> lines) {
    ProxyConfig proxy;
    try {
      proxy = access.proxy();
    } catch (IllegalArgumentException e) {
      // reported by the proxy line; the registry is then tried directly
      proxy = null;
    }
    TransportConfig transport = new TransportConfig(access.trust(), proxy, config.connectTimeout(), config.readTimeout(),
        "astromkey-operator/" + config.operatorVersion() + " (troubleshoot)", Set.of(), RETRIES, false);
    ImageTroubleshooter troubleshooter = new ImageTroubleshooter(transport, access.keychain());
    SignatureMode policy = SignaturePolicy.effective(dk, config.signatureMode());
    for (ImageUse image : images(dk, config)) {
      if (image.reference().isEmpty()) {
        lines.accept(unknown(image));
        continue;
      }
      // Only code modules are held back by the policy (operator.md §4.5); other images are reported, never failed.
      SignatureMode mode = image.codeModules() || policy != SignatureMode.ENFORCE ? policy : SignatureMode.WARN;
      if (image.codeModules() && policy != SignatureMode.OFF && keys.isEmpty()) {
        lines.accept(noKeys(policy));
      }
      troubleshooter.check(image.label(), image.reference().get(), nodes, keys, mode).forEach(lines);
    }
  }

  private static CheckLine unknown(ImageUse image) {
    return image.label().equals("operator")
        ? CheckLine.warn("operator image", EnvVars.AK_OPERATOR_IMAGE + " is not set; the operator image is not checked",
            "run troubleshoot in the operator pod (kubectl exec deploy/astromkey-operator) or set "
                + EnvVars.AK_OPERATOR_IMAGE)
        : CheckLine.warn(image.label() + " image", "no image resolved yet (tenant registry)",
            "wait for the operator to resolve the version (DynaKube status), or set the image in the DynaKube");
  }

  /** The operator reports the same case as VerificationError, which {@code enforce} treats as not verified. */
  private CheckLine noKeys(SignatureMode policy) {
    String detail = "policy " + policy.text() + " but ConfigMap " + config.signatureKeysConfigMap() + " holds no usable key";
    String hint = "add the signing public key (*.pub) to ConfigMap " + config.signatureKeysConfigMap();
    return policy == SignatureMode.ENFORCE ? CheckLine.fail("codeModules signature", detail, hint)
        : CheckLine.warn("codeModules signature", detail, hint);
  }
}
