package com.astromkey.packaging.chart;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docs/install.md names chart values and repository files; a renamed value or moved file must fail here, not at a customer.
 * Also renders every documented helm command's values, so the commands users copy actually work.
 */
class InstallDocTest {
  static final Path ROOT = Path.of("..");
  static final Path DOC = ROOT.resolve("docs/install.md");
  static final Pattern SET = Pattern.compile("--set\\s+([^=\\s`]+)=([^\\s`]+)");
  static final Pattern BACKTICKED = Pattern.compile("`([^`\\s]+)`");
  static final Pattern VALUE_NAME = Pattern.compile("[a-z][A-Za-z]*(\\.[a-z][A-Za-z]*)*(=.*)?");
  static final Pattern LINK = Pattern.compile("\\]\\(([^)#\\s]+)[^)]*\\)");
  static final Pattern REPO_FILE = Pattern.compile("(docs|packaging|bin)/[^\\s]+");
  static String doc;
  static Set<String> topLevelKeys;

  @BeforeAll
  static void read() throws Exception {
    doc = Files.readString(DOC, StandardCharsets.UTF_8);
    topLevelKeys = new LinkedHashSet<>();
    ChartValues.parsedKeys().stream().filter(k -> !k.contains(".")).forEach(topLevelKeys::add);
  }

  static String key(String setKey) {
    // list indices (a[0].b) address inside a value; the value's name is the part without them
    return setKey.replaceAll("\\[\\d+]", "");
  }

  @Test
  void everySetKeyIsAChartValue() {
    Matcher m = SET.matcher(doc);
    List<String> keys = new ArrayList<>();
    while (m.find()) {
      keys.add(key(m.group(1)));
    }
    assertThat(keys).as("--set keys in %s", DOC).contains("imageRef.repository", "imageRef.tag", "customPullSecret", "imageRef.digest",
        "image", "manifests", "csidriver.enabled");
    assertThat(keys).allSatisfy(k -> assertThat(ChartValues.exists(k)).as("--set %s: no such key in %s", k, ChartValues.FILE).isTrue());
  }

  @Test
  void everyNamedChartValueExists() {
    // a backticked dotted name under one of the chart's top-level keys names a value (spec.customPullSecret is DynaKube's)
    Matcher m = BACKTICKED.matcher(doc);
    List<String> names = new ArrayList<>();
    while (m.find()) {
      String token = m.group(1);
      if (VALUE_NAME.matcher(token).matches()) {
        String name = token.contains("=") ? token.substring(0, token.indexOf('=')) : token;
        if (name.contains(".") && topLevelKeys.contains(name.substring(0, name.indexOf('.')))) {
          names.add(name);
        }
      }
    }
    assertThat(names).contains("imageRef.repository", "imageRef.tag");
    assertThat(names).allSatisfy(n -> assertThat(ChartValues.exists(n)).as("`%s`: no such key in %s", n, ChartValues.FILE).isTrue());
  }

  @Test
  void everyReferencedFileExists() {
    Set<Path> files = new LinkedHashSet<>();
    Matcher links = LINK.matcher(doc);
    while (links.find()) {
      String target = links.group(1);
      if (!target.contains("://")) {
        files.add(DOC.getParent().resolve(target).normalize());
      }
    }
    Matcher ticks = BACKTICKED.matcher(doc);
    while (ticks.find()) {
      if (REPO_FILE.matcher(ticks.group(1)).matches()) {
        files.add(ROOT.resolve(ticks.group(1)).normalize());
      }
    }
    assertThat(files).as("files referenced by %s", DOC).contains(ROOT.resolve("docs/examples/dynakube-cloudnative-private-registry.yaml")
        .normalize(), ROOT.resolve("packaging/src/main/manifests/kubernetes-csi.yaml").normalize());
    assertThat(files).allSatisfy(f -> assertThat(f).as("referenced by %s", DOC).exists());
  }

  @Test
  void documentedHelmCommandsRender() {
    // shell continuation lines joined, so each command is one line
    String joined = doc.replace("\\\n", " ");
    List<List<String>> commands = new ArrayList<>();
    for (String line : joined.split("\n")) {
      if (line.matches("\\s*helm (install|upgrade|template) .*")) {
        List<String> sets = new ArrayList<>();
        Matcher m = SET.matcher(line);
        while (m.find()) {
          sets.add(m.group(1) + "=" + m.group(2).replace("<version>", "1.0.0"));
        }
        commands.add(sets);
      }
    }
    assertThat(commands).as("helm install, upgrade and template commands").hasSizeGreaterThanOrEqualTo(3);
    for (List<String> sets : commands) {
      Rendered r = ChartRenders.render(sets.toArray(String[]::new));
      assertThat(r.container("astromkey-operator", "operator").image()).as("%s", sets)
          .isEqualTo("registry.my-company.com/astromkey/astromkey-operator:v1.0.0");
      assertThat(r.get("Deployment", "astromkey-operator").at("/spec/template/spec/imagePullSecrets/0/name").asText())
          .isEqualTo("my-registry-secret");
    }
  }

  @Test
  void documentedExamplesAreTheCheckedInFiles() throws Exception {
    // the doc quotes both examples in full; they must not drift from the files the schema test validates
    for (String example : List.of("dynakube-cloudnative-private-registry.yaml", "dynakube-appmonitoring-private-registry.yaml")) {
      String file = Files.readString(ROOT.resolve("docs/examples").resolve(example), StandardCharsets.UTF_8);
      String body = file.substring(file.indexOf("apiVersion:"));
      assertThat(doc).as(example).contains(body.strip());
    }
  }
}
