package com.astromkey.oci.keychain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pull secrets to keychain candidates: precedence, aliases, auth decoding, unusable reasons (registry.md §3). */
class KeychainTest {

  static PullSecret secret(String name, String json) {
    return PullSecret.of(name, PullSecret.TYPE_DOCKER_CONFIG_JSON,
        Map.of(PullSecret.KEY_DOCKER_CONFIG_JSON, json.getBytes(StandardCharsets.UTF_8)));
  }

  static String auths(String key, String user, String password) {
    return "{\"auths\":{\"" + key + "\":{\"username\":\"" + user + "\",\"password\":\"" + password + "\"}}}";
  }

  @Test
  void longestPathPrefixWinsOverSecretOrder() {
    Keychain keychain = Keychain.fromPullSecrets(List.of(
        secret("host-wide", auths("registry.my-company.com", "a", "1")),
        secret("team", auths("registry.my-company.com/astromkey", "b", "2"))));

    List<KeychainEntry> candidates = keychain.candidates("registry.my-company.com", "astromkey/x");

    assertThat(candidates).extracting(e -> e.credential().username()).containsExactly("b", "a");
    assertThat(candidates.get(0).source()).isEqualTo("secret team, key registry.my-company.com/astromkey");
    assertThat(keychain.candidates("registry.my-company.com", "other/x"))
        .extracting(e -> e.credential().username()).containsExactly("a");
  }

  @Test
  void pathPrefixMatchesOnlyAtSlashBoundaries() {
    Keychain keychain = Keychain.fromPullSecrets(List.of(secret("s", auths("r.example.com/astromkey", "u", "p"))));

    assertThat(keychain.candidates("r.example.com", "astromkey")).hasSize(1);
    assertThat(keychain.candidates("r.example.com", "astromkeyx/a")).isEmpty();
  }

  @Test
  void dockerHubAliasesMatchLibraryImages() {
    for (String key : List.of("https://index.docker.io/v1/", "index.docker.io", "registry-1.docker.io", "docker.io",
        "http://docker.io/v2/")) {
      Keychain keychain = Keychain.fromPullSecrets(List.of(secret("hub", auths(key, "u", "p"))));
      assertThat(keychain.candidates("docker.io", "library/busybox")).as(key).hasSize(1);
    }
  }

  @Test
  void authFieldSplitsAtFirstColonAndExplicitFieldsWin() throws Exception {
    String auth = Base64.getEncoder().encodeToString("user:pa:ss".getBytes(StandardCharsets.UTF_8));
    List<KeychainEntry> onlyAuth = DockerConfigParser.parseSecret(
        secret("s", "{\"auths\":{\"r.io\":{\"auth\":\"" + auth + "\",\"email\":\"x@y\"}}}"));
    assertThat(onlyAuth.get(0).credential().username()).isEqualTo("user");
    assertThat(onlyAuth.get(0).credential().password()).isEqualTo("pa:ss");

    List<KeychainEntry> explicit = DockerConfigParser.parseSecret(secret("s",
        "{\"auths\":{\"r.io\":{\"auth\":\"" + auth + "\",\"username\":\"other\",\"password\":\"pw\"}}}"));
    assertThat(explicit.get(0).credential().username()).isEqualTo("other");
    assertThat(explicit.get(0).credential().password()).isEqualTo("pw");
  }

  @Test
  void missingSecretIsReportedAndTheOtherStillUsed() {
    Keychain keychain = Keychain.fromPullSecrets(List.of(PullSecret.missing("gone"), secret("ok", auths("r.io", "u", "p"))));

    assertThat(keychain.candidates("r.io", "a/b")).hasSize(1);
    assertThat(keychain.statuses()).extracting(SecretStatus::describe)
        .containsExactly("gone: missing", "ok: usable (r.io)");
  }

  @Test
  void legacyDockercfgIsUnusableWithTheSpecifiedReason() {
    PullSecret legacy = PullSecret.of("old", PullSecret.TYPE_DOCKERCFG,
        Map.of(".dockercfg", "{\"r.io\":{\"auth\":\"dTpw\"}}".getBytes(StandardCharsets.UTF_8)));

    Keychain keychain = Keychain.fromPullSecrets(List.of(legacy));

    assertThat(keychain.candidates("r.io", "a")).isEmpty();
    assertThat(keychain.statuses().get(0).describe()).isEqualTo(
        "old: unusable: legacy type kubernetes.io/dockercfg; recreate it as kubernetes.io/dockerconfigjson");
  }

  @Test
  void wrongTypeAbsentKeyAndBadContentAreUnusableWithReasons() {
    Keychain keychain = Keychain.fromPullSecrets(List.of(
        PullSecret.of("opaque", "Opaque", Map.of("x", new byte[0])),
        PullSecret.of("nokey", PullSecret.TYPE_DOCKER_CONFIG_JSON, Map.of()),
        secret("badjson", "{not json"),
        secret("badb64", "{\"auths\":{\"r.io\":{\"auth\":\"***\"}}}")));

    assertThat(keychain.statuses()).extracting(SecretStatus::describe).containsExactly(
        "opaque: unusable: type Opaque is not kubernetes.io/dockerconfigjson",
        "nokey: unusable: key .dockerconfigjson is absent",
        "badjson: unusable: invalid JSON at line 1",
        "badb64: unusable: entry r.io: field auth is not valid base64");
  }

  @Test
  void requireUsableGivesAClearErrorForTheWrongType() {
    assertThatThrownBy(() -> Keychain.requireUsable(PullSecret.of("s", "Opaque", Map.of())))
        .isInstanceOf(UnusableSecretException.class)
        .hasMessage("secret s is unusable: type Opaque is not kubernetes.io/dockerconfigjson");
  }

  @Test
  void wildcardPortAndCaseRules() {
    Keychain keychain = Keychain.fromPullSecrets(List.of(secret("s",
        "{\"auths\":{\"*.Example.com\":{\"username\":\"w\",\"password\":\"p\"},"
            + "\"reg.example.com:5000\":{\"username\":\"port\",\"password\":\"p\"}}}")));

    assertThat(keychain.candidates("a.example.com", "x")).extracting(e -> e.credential().username()).containsExactly("w");
    assertThat(keychain.candidates("a.b.example.com", "x")).isEmpty();
    assertThat(keychain.candidates("example.com", "x")).isEmpty();
    assertThat(keychain.candidates("reg.example.com:5000", "x")).extracting(e -> e.credential().username())
        .containsExactly("port");
    assertThat(keychain.candidates("reg.example.com:5001", "x")).isEmpty();
  }

  @Test
  void credentialsNeverAppearInToString() throws Exception {
    KeychainEntry entry = DockerConfigParser.parseSecret(secret("s", auths("r.io", "user", "s3cr3t"))).get(0);

    assertThat(entry.toString()).doesNotContain("s3cr3t");
    assertThat(secret("s", auths("r.io", "user", "s3cr3t")).toString()).doesNotContain("s3cr3t");
  }

  @Test
  void dockerConfigFilesFromDockerConfigDirectory(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("config.json"), auths("r.io", "cli", "pw"));

    Path file = Keychain.defaultDockerConfigFile(Map.of("DOCKER_CONFIG", dir.toString()));
    Keychain keychain = Keychain.fromDockerConfigFiles(List.of(file, dir.resolve("absent.json")));

    assertThat(keychain.candidates("r.io", "a")).extracting(e -> e.source()).containsExactly("file " + file + ", key r.io");
    assertThat(keychain.statuses().get(1).state()).isEqualTo(SecretStatus.State.MISSING);
  }
}
