package com.astromkey.domain.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ImageReferenceTest {
  private static final String HEX = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
  private static final String DIGEST = "sha256:" + HEX;

  static Stream<Arguments> valid() {
    return Stream.of(
        // text, domain, explicit, path, tag, digest, endpoint, canonical
        Arguments.of("busybox", "docker.io", false, "library/busybox", "latest", null, "registry-1.docker.io",
            "docker.io/library/busybox:latest"),
        Arguments.of("busybox:1.36", "docker.io", false, "library/busybox", "1.36", null, "registry-1.docker.io",
            "docker.io/library/busybox:1.36"),
        Arguments.of("bitnami/redis", "docker.io", false, "bitnami/redis", "latest", null, "registry-1.docker.io",
            "docker.io/bitnami/redis:latest"),
        Arguments.of("docker.io/busybox", "docker.io", true, "library/busybox", "latest", null, "registry-1.docker.io",
            "docker.io/library/busybox:latest"),
        Arguments.of("index.docker.io/library/busybox:1", "docker.io", true, "library/busybox", "1", null,
            "registry-1.docker.io", "docker.io/library/busybox:1"),
        Arguments.of("localhost/x", "localhost", true, "x", "latest", null, "localhost", "localhost/x:latest"),
        Arguments.of("localhost:5000/a/b", "localhost:5000", true, "a/b", "latest", null, "localhost:5000",
            "localhost:5000/a/b:latest"),
        Arguments.of("registry.my-company.com/astromkey/astromkey-oneagent:1.301.0", "registry.my-company.com", true,
            "astromkey/astromkey-oneagent", "1.301.0", null, "registry.my-company.com",
            "registry.my-company.com/astromkey/astromkey-oneagent:1.301.0"),
        Arguments.of("registry.my-company.com:5000/astromkey/astromkey-codemodules:1.301.0@" + DIGEST,
            "registry.my-company.com:5000", true, "astromkey/astromkey-codemodules", "1.301.0", DIGEST,
            "registry.my-company.com:5000",
            "registry.my-company.com:5000/astromkey/astromkey-codemodules:1.301.0@" + DIGEST),
        Arguments.of("registry.my-company.com:5000/a/b/c:1.0@" + DIGEST, "registry.my-company.com:5000", true,
            "a/b/c", "1.0", DIGEST, "registry.my-company.com:5000", "registry.my-company.com:5000/a/b/c:1.0@" + DIGEST),
        Arguments.of("quay.io/org/app@" + DIGEST, "quay.io", true, "org/app", null, DIGEST, "quay.io",
            "quay.io/org/app@" + DIGEST),
        Arguments.of("[::1]:5000/team/app:v2", "[::1]:5000", true, "team/app", "v2", null, "[::1]:5000",
            "[::1]:5000/team/app:v2"),
        Arguments.of("[2001:db8::42]/app", "[2001:db8::42]", true, "app", "latest", null, "[2001:db8::42]",
            "[2001:db8::42]/app:latest"),
        Arguments.of("127.0.0.1:5000/app", "127.0.0.1:5000", true, "app", "latest", null, "127.0.0.1:5000",
            "127.0.0.1:5000/app:latest"),
        Arguments.of("Registry.Example.com/app", "Registry.Example.com", true, "app", "latest", null,
            "Registry.Example.com", "Registry.Example.com/app:latest"),
        Arguments.of("reg.io/a__b/c.d/e-f/g--h/i_j:_T.a-g", "reg.io", true, "a__b/c.d/e-f/g--h/i_j", "_T.a-g", null,
            "reg.io", "reg.io/a__b/c.d/e-f/g--h/i_j:_T.a-g"),
        Arguments.of("my.registry", "docker.io", false, "library/my.registry", "latest", null, "registry-1.docker.io",
            "docker.io/library/my.registry:latest"),
        Arguments.of("x/y:" + "t".repeat(128), "docker.io", false, "x/y", "t".repeat(128), null,
            "registry-1.docker.io", "docker.io/x/y:" + "t".repeat(128)),
        Arguments.of("r.io/" + "a".repeat(250), "r.io", true, "a".repeat(250), "latest", null, "r.io",
            "r.io/" + "a".repeat(250) + ":latest"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("valid")
  void parsesAndNormalises(String text, String domain, boolean explicit, String path, String tag, String digest,
      String endpoint, String canonical) {
    ImageReference ref = ImageReference.parse(text);

    assertThat(ref.domain()).isEqualTo(domain);
    assertThat(ref.hasExplicitDomain()).isEqualTo(explicit);
    assertThat(ref.path()).isEqualTo(path);
    assertThat(ref.tag()).isEqualTo(tag);
    assertThat(ref.digest()).isEqualTo(digest);
    assertThat(ref.registryEndpoint()).isEqualTo(endpoint);
    assertThat(ref.canonical()).isEqualTo(canonical);
    assertThat(ref).hasToString(canonical);
    assertThat(ImageReference.parse(canonical)).isEqualTo(ref);
  }

  static Stream<Arguments> invalid() {
    return Stream.of(
        Arguments.of("", "reference is empty"),
        Arguments.of("   ", "reference is empty"),
        Arguments.of(null, "reference is empty"),
        Arguments.of("Registry.example/UPPER:tag", "repository path must be lower-case"),
        Arguments.of("reg.io/Team/app", "repository path must be lower-case"),
        Arguments.of("Busybox", "repository path must be lower-case"),
        Arguments.of(":tag", "repository path is empty"),
        Arguments.of("repo@sha256:abc", "digest must be sha256:<64 lower-case hex>"),
        Arguments.of("repo@sha256:" + HEX.toUpperCase(), "digest must be sha256:<64 lower-case hex>"),
        Arguments.of("repo@" + HEX, "digest must be sha256:<64 lower-case hex>"),
        Arguments.of("repo@", "digest must be sha256:<64 lower-case hex>"),
        Arguments.of("repo@sha512:" + HEX + HEX, "digest algorithm sha512 is not supported (sha256 only)"),
        Arguments.of("reg.io//app", "empty path component"),
        Arguments.of("reg.io/app/", "empty path component"),
        Arguments.of("reg.io/", "empty path component"),
        Arguments.of("reg.io:abc/app", "port must be numeric"),
        Arguments.of("reg.io:/app", "port must be numeric"),
        Arguments.of("[::1]:x/app", "port must be numeric"),
        Arguments.of("reg.io:70000/app", "port 70000 is out of range (at most 65535)"),
        Arguments.of("x/y:" + "t".repeat(129), "tag is longer than 128 characters"),
        Arguments.of("x/y:", "tag is empty"),
        Arguments.of("x/y:.hidden", "tag '.hidden' may contain only letters, digits, '_', '.' and '-',"
            + " and may not start with '.' or '-'"),
        Arguments.of("x/-y", "path component '-y' may contain only a-z, 0-9 and the separators '.', '_', '__' or '-'"
            + " between them"),
        Arguments.of("x/a___b", "path component 'a___b' may contain only a-z, 0-9 and the separators '.', '_', '__'"
            + " or '-' between them"),
        Arguments.of("x/a..b", "path component 'a..b' may contain only a-z, 0-9 and the separators '.', '_', '__'"
            + " or '-' between them"),
        Arguments.of(" busybox", "path component ' busybox' may contain only a-z, 0-9 and the separators '.', '_',"
            + " '__' or '-' between them"),
        Arguments.of("-reg.io/app", "domain '-reg.io' is not a valid host name"),
        Arguments.of("reg..io/app", "domain 'reg..io' is not a valid host name"),
        Arguments.of("[::1/app", "IPv6 address in domain '[::1' lacks the closing ']'"),
        Arguments.of("[1:2:3]/app", "'[1:2:3]' is not a valid IPv6 address"),
        Arguments.of("[::1::2]/app", "'[::1::2]' is not a valid IPv6 address"),
        Arguments.of("[::1]x/app", "unexpected text 'x' after the IPv6 address in the domain"),
        Arguments.of("r.io/" + "a".repeat(251), "repository name is longer than 255 characters"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalid")
  void rejectsWithTheParserDetail(String text, String detail) {
    assertThatThrownBy(() -> ImageReference.parse(text))
        .isInstanceOf(ImageReferenceException.class)
        .hasMessage(detail);
  }

  @Test
  void referenceIsTheDigestWhenPresentElseTheTag() {
    assertThat(ImageReference.parse("reg.io/app:1.0").reference()).isEqualTo("1.0");
    assertThat(ImageReference.parse("reg.io/app").reference()).isEqualTo("latest");
    assertThat(ImageReference.parse("reg.io/app:1.0@" + DIGEST).reference()).isEqualTo(DIGEST);
    assertThat(ImageReference.parse("reg.io/app@" + DIGEST).reference()).isEqualTo(DIGEST);
  }

  @Test
  void withDigestKeepsTheTagAndWithTagKeepsTheDigest() {
    ImageReference ref = ImageReference.parse("reg.io/app:1.0");

    ImageReference pinned = ref.withDigest(DIGEST);
    assertThat(pinned.canonical()).isEqualTo("reg.io/app:1.0@" + DIGEST);
    assertThat(pinned.withTag("2.0").canonical()).isEqualTo("reg.io/app:2.0@" + DIGEST);
    assertThat(pinned.withTag(null).canonical()).isEqualTo("reg.io/app@" + DIGEST);
    assertThat(pinned.withDigest(null)).isEqualTo(ref);
    assertThat(ImageReference.parse("reg.io/app@" + DIGEST).withDigest(null).canonical())
        .isEqualTo("reg.io/app:latest");
    assertThat(ref).isEqualTo(ImageReference.parse("reg.io/app:1.0"));
  }

  @Test
  void withDigestAndWithTagValidate() {
    ImageReference ref = ImageReference.parse("reg.io/app");

    assertThatThrownBy(() -> ref.withDigest("sha256:abc")).isInstanceOf(ImageReferenceException.class)
        .hasMessage("digest must be sha256:<64 lower-case hex>");
    assertThatThrownBy(() -> ref.withTag("t".repeat(129))).isInstanceOf(ImageReferenceException.class)
        .hasMessage("tag is longer than 128 characters");
  }

  @ParameterizedTest(name = "{0} loopback={1}")
  @MethodSource("loopback")
  void recognisesLoopbackRegistries(String text, boolean loopback) {
    assertThat(ImageReference.parse(text).isLoopback()).isEqualTo(loopback);
  }

  static Stream<Arguments> loopback() {
    return Stream.of(
        Arguments.of("localhost/app", true),
        Arguments.of("localhost:5000/app", true),
        Arguments.of("LOCALHOST:5000/app", true),
        Arguments.of("127.0.0.1:5000/app", true),
        Arguments.of("127.10.20.30/app", true),
        Arguments.of("[::1]:5000/app", true),
        Arguments.of("[0:0:0:0:0:0:0:1]/app", true),
        Arguments.of("[::ffff:127.0.0.1]/app", true),
        Arguments.of("[::2]/app", false),
        Arguments.of("128.0.0.1/app", false),
        Arguments.of("127.0.0.1.example.com/app", false),
        Arguments.of("localhost.example.com/app", false),
        Arguments.of("busybox", false),
        Arguments.of("reg.io/app", false));
  }

  @Test
  void equalityFollowsTheNormalisedForm() {
    assertThat(ImageReference.parse("busybox")).isEqualTo(ImageReference.parse("docker.io/library/busybox:latest"))
        .hasSameHashCodeAs(ImageReference.parse("index.docker.io/library/busybox"));
    assertThat(ImageReference.parse("reg.io/app:1")).isNotEqualTo(ImageReference.parse("reg.io/app:2"));
  }
}
