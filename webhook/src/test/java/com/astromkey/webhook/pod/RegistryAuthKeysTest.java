package com.astromkey.webhook.pod;

import static org.assertj.core.api.Assertions.assertThat;

import com.astromkey.domain.image.ImageReference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** registry.md §3 key normalisation and matching, as used for the injection pull secret. */
class RegistryAuthKeysTest {
  @ParameterizedTest(name = "{0} covers {1}: {2}")
  @CsvSource({
      "registry.my-company.com, registry.my-company.com/astromkey/astromkey-operator:1.0.0, true",
      "https://registry.my-company.com/v2/, registry.my-company.com/astromkey/astromkey-operator:1.0.0, true",
      "http://Registry.My-Company.com/v1, registry.my-company.com/a:1, true",
      "registry.my-company.com/astromkey, registry.my-company.com/astromkey/astromkey-operator:1.0.0, true",
      "registry.my-company.com/astro, registry.my-company.com/astromkey/astromkey-operator:1.0.0, false",
      "registry.my-company.com:5000, registry.my-company.com/a:1, false",
      "registry.my-company.com, registry.my-company.com:5000/a:1, false",
      "registry.my-company.com:5000, registry.my-company.com:5000/a:1, true",
      "*.my-company.com, registry.my-company.com/a:1, true",
      "*.my-company.com, a.registry.my-company.com/a:1, false",
      "https://index.docker.io/v1/, busybox:1, true",
      "registry-1.docker.io, library/busybox:1, true",
      "docker.io, quay.io/a/b:1, false"})
  void matches(String key, String image, boolean expected) {
    assertThat(RegistryAuthKeys.matches(key, ImageReference.parse(image))).isEqualTo(expected);
  }
}
