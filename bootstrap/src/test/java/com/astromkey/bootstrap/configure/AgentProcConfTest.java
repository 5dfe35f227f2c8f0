package com.astromkey.bootstrap.configure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.astromkey.bootstrap.configure.AgentProcConf.Property;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Parsing, overlay and read-only rewriting of {@code akagentproc.conf} (bootstrap.md §2.2). */
class AgentProcConfTest {
  private static final String INSTALL = "/opt/astromkey/oneagent-paas";
  // the tenant simulator's default process module config (tenant-api.md §2 #9)
  private static final List<Property> SIM_DEFAULT = List.of(
      new Property("general", "logDir", "../log"),
      new Property("general", "dataStorageDir", "../datastorage"),
      new Property("general", "libraryPath64", "\"../agent/lib64\""),
      new Property("agentType", "java", "on"));

  @Test
  void parseDropsCommentsAndBlankLinesAndKeepsValuesWithSpaces() {
    IniDocument doc = IniDocument.parse("# c\n\n[general]\n  key  a value with spaces \nflag\n[empty]\n");

    assertThat(doc.get("general", "key")).isEqualTo("a value with spaces");
    assertThat(doc.get("general", "flag")).isEmpty();
    assertThat(doc.render()).isEqualTo("[general]\nflag \nkey a value with spaces\n\n");
  }

  @Test
  void linesBeforeAnySectionAreReportedNotKept() {
    IniDocument doc = IniDocument.parse("orphan 1\n[s]\nk v\n");

    assertThat(doc.ignored()).containsExactly("orphan 1");
    assertThat(doc.render()).isEqualTo("[s]\nk v\n\n");
  }

  @Test
  void simulatorDefaultsGiveTheReadOnlyConfiguration() {
    IniDocument image = IniDocument.parse("[general]\nlogDir ../log\ndataStorageDir ../datastorage\n"
        + "libraryPath64 \"../agent/lib64\"\n[agentType]\njava off\nphp on\n");

    String conf = AgentProcConf.merge(image, SIM_DEFAULT, INSTALL).render();

    assertThat(conf).isEqualTo("[agentType]\njava on\nphp on\n\n[general]\n"
        + "libraryPath64 \"/opt/astromkey/oneagent-paas/agent/lib64\"\nstorage \"/var/lib/astromkey/oneagent\"\n\n");
    assertThat(conf).doesNotContain("logDir").doesNotContain("dataStorageDir");
  }

  @Test
  void inputWinsAndEmptyValuesDelete() {
    IniDocument image = IniDocument.parse("[general]\nproxy http://old\nhostGroup g1\n");

    String conf = AgentProcConf.merge(image, List.of(new Property("general", "proxy", "http://new"),
        new Property("general", "hostGroup", ""), new Property("new", "k", "v")), INSTALL).render();

    assertThat(conf).isEqualTo("[general]\nproxy http://new\nstorage \"/var/lib/astromkey/oneagent\"\n\n[new]\nk v\n\n");
  }

  @Test
  void rebaseRemovesEveryParentReferenceAndKeepsALeadingQuote() {
    assertThat(AgentProcConf.rebase("\"../agent/lib64\"", INSTALL)).isEqualTo("\"/opt/astromkey/oneagent-paas/agent/lib64\"");
    assertThat(AgentProcConf.rebase("../../x/../y", INSTALL)).isEqualTo("/opt/astromkey/oneagent-paas/x/y");
    assertThat(AgentProcConf.rebase("../", "/")).isEqualTo("/");
  }

  @Test
  void parsePropertiesRequiresTheList() throws IOException {
    assertThat(AgentProcConf.parseProperties("{\"revision\":1,\"properties\":[{\"section\":\"s\",\"key\":\"k\"}]}"))
        .containsExactly(new Property("s", "k", ""));
    assertThatThrownBy(() -> AgentProcConf.parseProperties("{\"revision\":1}")).hasMessageContaining("no properties");
    assertThatThrownBy(() -> AgentProcConf.parseProperties("{\"properties\":[{\"key\":\"k\"}]}"))
        .hasMessageContaining("without section");
  }
}
