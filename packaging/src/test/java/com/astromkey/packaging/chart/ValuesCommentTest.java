package com.astromkey.packaging.chart;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Every key of values.yaml is documented by a comment line directly above it, since values.yaml is the chart's reference. */
class ValuesCommentTest {

  @Test
  void lineReaderSeesEveryKeyTheYamlParserSees() {
    // a key the line reader missed would escape the comment check below
    assertThat(ChartValues.keyLines()).extracting(ChartValues.KeyLine::path)
        .containsExactlyInAnyOrderElementsOf(ChartValues.parsedKeys());
  }

  @Test
  void everyKeyHasACommentLineAboveIt() {
    List<String> uncommented = ChartValues.keyLines().stream().filter(k -> !k.commented())
        .map(k -> ChartValues.FILE + ":" + k.line() + " " + k.path()).toList();
    assertThat(uncommented).as("keys without a '#' comment line directly above").isEmpty();
  }
}
