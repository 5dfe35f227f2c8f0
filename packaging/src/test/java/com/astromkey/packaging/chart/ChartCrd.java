package com.astromkey.packaging.chart;

import java.nio.file.Path;

/**
 * Build-time step: turns the generated CRD ({@code CrdPostProcessor}) into the chart's CRD template, adding the Helm metadata
 * and the {@code installCRD} switch. The CRD body itself is copied verbatim, so the chart can never ship another schema.
 */
public final class ChartCrd {
  public static final Path TEMPLATE = Helm.CHART_DIR.resolve("templates/crd/astromkey.com_dynakubes.yaml");
  static final String METADATA = "metadata:\n  name: dynakubes.astromkey.com\n";
  private static final String HEADER = """
      {{- /*
      DynaKube CRD: packaging/src/main/crd/astromkey.com_dynakubes.yaml with Helm metadata added by ChartCrd (test sources).
      Do not edit; regenerate with: mvn -B -pl domain,packaging -am test -Dak.crd.update=true
      */ -}}
      {{- if .Values.installCRD }}
      """;
  private static final String HELM_METADATA = """
      metadata:
        name: dynakubes.astromkey.com
        {{- if not .Values.manifests }}
        annotations:
          # helm uninstall must never delete the CRD: that would delete every DynaKube with it
          helm.sh/resource-policy: keep
        {{- end }}
        labels:
          {{- include "astromkey-operator.labels" . | nindent 4 }}
      """;

  private ChartCrd() {}

  /** The chart template for the given CRD text (the checked-in file's content). */
  public static String template(String crdYaml) {
    StringBuilder body = new StringBuilder();
    for (String line : crdYaml.split("\n", -1)) {
      // the CRD file's own header comment talks about the CRD file; the template has its own
      if (body.length() == 0 && line.startsWith("#")) {
        continue;
      }
      body.append(line).append('\n');
    }
    String text = body.toString().stripTrailing() + "\n";
    if (text.contains("{{")) {
      throw new IllegalStateException("the CRD contains '{{', which helm would read as a template action");
    }
    int at = text.indexOf(METADATA);
    if (at < 0 || text.indexOf(METADATA, at + 1) >= 0) {
      throw new IllegalStateException("expected exactly one '" + METADATA.strip() + "' block in the CRD");
    }
    return HEADER + text.substring(0, at) + HELM_METADATA + text.substring(at + METADATA.length()) + "{{- end }}\n";
  }
}
