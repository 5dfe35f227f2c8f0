package com.astromkey.domain.feature;

import com.astromkey.domain.duration.DurationFormatException;
import com.astromkey.domain.duration.Durations;
import com.astromkey.domain.dynakube.DynaKube;
import com.astromkey.domain.names.Annotations;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** The feature flags and other annotations of one DynaKube, parsed once, with defaults for values not understood. */
public final class FeatureFlags {
  public static final Duration MAX_CSI_MOUNT_TIMEOUT_LIMIT = Duration.ofHours(1);
  public static final String ALL_TECHNOLOGIES = "all";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<String, String> annotations;
  private final List<InvalidValue> invalidValues = new ArrayList<>();

  private final boolean nodeImagePull;
  private final boolean automaticInjection;
  private final List<String> ignoredNamespaces;
  private final List<Pattern> ignoredNamespacePatterns;
  private final InjectionFailurePolicy injectionFailurePolicy;
  private final Duration maxCsiMountTimeout;
  private final int oneAgentInitialConnectRetryMs;
  private final boolean oneAgentPrivileged;
  private final boolean oneAgentSkipLivenessProbe;
  private final boolean activeGateUpdates;
  private final String noProxy;
  private final boolean replicatePullSecret;
  private final Optional<SignatureMode> signatureVerification;

  /** A flag value that could not be read; the default was used instead (AKW-008). */
  public record InvalidValue(FeatureFlag flag, String value, String defaultValue) {}

  private FeatureFlags(Map<String, String> annotations, String namespace) {
    this.annotations = annotations == null ? Map.of() : new LinkedHashMap<>(annotations);
    nodeImagePull = read(FeatureFlag.NODE_IMAGE_PULL, FeatureFlags::parseBoolean, false);
    automaticInjection = read(FeatureFlag.AUTOMATIC_INJECTION, FeatureFlags::parseBoolean, true);
    List<String> defaultIgnored = defaultIgnoredNamespaces(namespace);
    ignoredNamespaces = read(FeatureFlag.IGNORED_NAMESPACES, FeatureFlags::parseRegexList, defaultIgnored,
        toJson(defaultIgnored));
    ignoredNamespacePatterns = ignoredNamespaces.stream().map(Pattern::compile).toList();
    injectionFailurePolicy = read(FeatureFlag.INJECTION_FAILURE_POLICY,
        text -> InjectionFailurePolicy.parse(text).orElse(null), InjectionFailurePolicy.SILENT);
    maxCsiMountTimeout = read(FeatureFlag.MAX_CSI_MOUNT_TIMEOUT, FeatureFlags::parseMountTimeout, Duration.ofMinutes(10));
    oneAgentInitialConnectRetryMs = read(FeatureFlag.ONEAGENT_INITIAL_CONNECT_RETRY_MS, FeatureFlags::parseRetryMs, -1);
    oneAgentPrivileged = read(FeatureFlag.ONEAGENT_PRIVILEGED, FeatureFlags::parseBoolean, false);
    oneAgentSkipLivenessProbe = read(FeatureFlag.ONEAGENT_SKIP_LIVENESS_PROBE, FeatureFlags::parseBoolean, false);
    activeGateUpdates = read(FeatureFlag.ACTIVEGATE_UPDATES, FeatureFlags::parseBoolean, true);
    noProxy = read(FeatureFlag.NO_PROXY, String::trim, "");
    replicatePullSecret = read(FeatureFlag.REPLICATE_PULL_SECRET, FeatureFlags::parseBoolean, true);
    signatureVerification = Optional.ofNullable(read(FeatureFlag.SIGNATURE_VERIFICATION,
        text -> SignatureMode.parse(text).orElse(null), null));
  }

  public static FeatureFlags of(DynaKube dk) {
    return of(dk.getMetadata().getAnnotations(), dk.getMetadata().getNamespace());
  }

  public static FeatureFlags of(Map<String, String> annotations, String namespace) {
    return new FeatureFlags(annotations, namespace);
  }

  /** {@code ["^<namespace>$", "^kube-.*"]}. */
  public static List<String> defaultIgnoredNamespaces(String namespace) {
    return List.of("^" + namespace + "$", "^kube-.*");
  }

  public boolean nodeImagePull() {
    return nodeImagePull;
  }

  public boolean automaticInjection() {
    return automaticInjection;
  }

  /** The regexes of namespaces never labelled or injected. */
  public List<String> ignoredNamespaces() {
    return ignoredNamespaces;
  }

  public boolean isIgnoredNamespace(String namespace) {
    return ignoredNamespacePatterns.stream().anyMatch(pattern -> pattern.matcher(namespace).find());
  }

  public InjectionFailurePolicy injectionFailurePolicy() {
    return injectionFailurePolicy;
  }

  /** Already clamped to {@link #MAX_CSI_MOUNT_TIMEOUT_LIMIT}. */
  public Duration maxCsiMountTimeout() {
    return maxCsiMountTimeout;
  }

  /** {@code -1} means curl_options.conf is not written. */
  public int oneAgentInitialConnectRetryMs() {
    return oneAgentInitialConnectRetryMs;
  }

  public boolean oneAgentPrivileged() {
    return oneAgentPrivileged;
  }

  public boolean oneAgentSkipLivenessProbe() {
    return oneAgentSkipLivenessProbe;
  }

  public boolean activeGateUpdates() {
    return activeGateUpdates;
  }

  /** The raw comma list of hosts that bypass the proxy ("" when unset). */
  public String noProxy() {
    return noProxy;
  }

  public boolean replicatePullSecret() {
    return replicatePullSecret;
  }

  /** Empty when unset or not understood: the Helm default ({@code AK_SIGNATURE_MODE}) applies. */
  public Optional<SignatureMode> signatureVerification() {
    return signatureVerification;
  }

  /** Annotation {@code oneagent.astromkey.com/technologies}, default {@code all}. */
  public String technologies() {
    String value = annotations.get(Annotations.ONEAGENT_TECHNOLOGIES);
    return value == null || value.isBlank() ? ALL_TECHNOLOGIES : value.trim();
  }

  /** Containers excluded from injection in all pods of this DynaKube by {@code container.inject.astromkey.com/<name>: "false"}. */
  public Set<String> excludedContainers() {
    Set<String> excluded = new TreeSet<>();
    annotations.forEach((key, value) -> {
      if (key.startsWith(Annotations.CONTAINER_INJECT_PREFIX) && "false".equalsIgnoreCase(value.trim())) {
        excluded.add(key.substring(Annotations.CONTAINER_INJECT_PREFIX.length()));
      }
    });
    return excluded;
  }

  /** The raw annotation value of a flag, when present. */
  public Optional<String> raw(FeatureFlag flag) {
    return Optional.ofNullable(annotations.get(flag.key()));
  }

  /** Full keys of {@code feature.astromkey.com/*} annotations this operator does not know (AKW-006), sorted. */
  public List<String> unknownKeys() {
    Set<String> unknown = new TreeSet<>();
    for (String key : annotations.keySet()) {
      if (key.startsWith(Annotations.FEATURE_FLAG_PREFIX) && FeatureFlag.byKey(key).isEmpty()) {
        unknown.add(key);
      }
    }
    return List.copyOf(unknown);
  }

  /** Deprecated flags that are set (AKW-007), in declaration order. */
  public List<FeatureFlag> deprecatedFlags() {
    return present(FeatureFlag.Status.DEPRECATED);
  }

  /** Flags of a later release that are set (AKW-012), in declaration order. */
  public List<FeatureFlag> laterFlags() {
    return present(FeatureFlag.Status.LATER);
  }

  /** Supported flags whose value was not understood (AKW-008), in declaration order. */
  public List<InvalidValue> invalidValues() {
    return Collections.unmodifiableList(invalidValues);
  }

  private List<FeatureFlag> present(FeatureFlag.Status status) {
    List<FeatureFlag> flags = new ArrayList<>();
    for (FeatureFlag flag : FeatureFlag.values()) {
      if (flag.status() == status && annotations.containsKey(flag.key())) {
        flags.add(flag);
      }
    }
    return flags;
  }

  private <T> T read(FeatureFlag flag, Function<String, T> parser, T defaultValue) {
    return read(flag, parser, defaultValue, flag.defaultText());
  }

  /** The parser returns null for a value it does not understand. */
  private <T> T read(FeatureFlag flag, Function<String, T> parser, T defaultValue, String defaultText) {
    String value = annotations.get(flag.key());
    if (value == null) {
      return defaultValue;
    }
    T parsed = parser.apply(value);
    if (parsed == null) {
      invalidValues.add(new InvalidValue(flag, value, defaultText));
      return defaultValue;
    }
    return parsed;
  }

  private static Boolean parseBoolean(String text) {
    String trimmed = text.trim();
    if (trimmed.equalsIgnoreCase("true")) {
      return Boolean.TRUE;
    }
    if (trimmed.equalsIgnoreCase("false")) {
      return Boolean.FALSE;
    }
    return null;
  }

  private static List<String> parseRegexList(String text) {
    try {
      JsonNode node = JSON.readTree(text);
      if (node == null || !node.isArray()) {
        return null;
      }
      List<String> regexes = new ArrayList<>();
      for (JsonNode element : node) {
        if (!element.isTextual()) {
          return null;
        }
        Pattern.compile(element.asText());
        regexes.add(element.asText());
      }
      return List.copyOf(regexes);
    } catch (JsonProcessingException | PatternSyntaxException e) {
      return null;
    }
  }

  private static Duration parseMountTimeout(String text) {
    try {
      Duration timeout = Durations.parse(text);
      if (timeout.isZero()) {
        return null;
      }
      return timeout.compareTo(MAX_CSI_MOUNT_TIMEOUT_LIMIT) > 0 ? MAX_CSI_MOUNT_TIMEOUT_LIMIT : timeout;
    } catch (DurationFormatException e) {
      return null;
    }
  }

  private static Integer parseRetryMs(String text) {
    try {
      int value = Integer.parseInt(text.trim());
      return value >= -1 ? value : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static String toJson(List<String> values) {
    try {
      return JSON.writeValueAsString(values);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a list of strings always serialises", e);
    }
  }
}
