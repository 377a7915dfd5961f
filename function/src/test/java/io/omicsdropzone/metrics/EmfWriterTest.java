package io.omicsdropzone.metrics;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

class EmfWriterTest {

    final Clock clock = Clock.fixed(Instant.parse("2026-12-01T10:00:00.123Z"), ZoneOffset.UTC);
    final List<String> lines = new ArrayList<>();
    final EmfWriter writer = EmfWriter.forFunction(lines::add, "omics-dropzone-Submit", clock);

    @Test
    void a_document_names_the_namespace_dimension_metrics_units_and_values() {
        Map<Metric, Number> values = new LinkedHashMap<>();
        values.put(Metric.DROPS_RECEIVED, 1);
        values.put(Metric.RUNS_SUBMITTED, 96L);
        values.put(Metric.VALIDATION_THROUGHPUT, 123.5);

        writer.emit(values);

        assertThat(lines).hasSize(1);
        EmfDocument document = EmfDocument.parse(lines.get(0));
        assertThat(document.timestamp()).isEqualTo(clock.millis());
        assertThat(document.namespace()).isEqualTo("OmicsDropzone");
        assertThat(document.dimensionSets()).containsExactly(List.of("Function"));
        assertThat(document.dimension("Function")).isEqualTo("omics-dropzone-Submit");
        assertThat(document.units()).containsExactly(entry("DropsReceived", "Count"), entry("RunsSubmitted", "Count"),
                entry("ValidationThroughput", "Megabytes/Second"));
        assertThat(document.value("DropsReceived")).isEqualTo(1);
        assertThat(document.value("RunsSubmitted")).isEqualTo(96);
        assertThat(document.value("ValidationThroughput")).isEqualTo(123.5);
    }

    @Test
    void a_further_dimension_adds_a_dimension_set_and_keeps_the_per_function_one() {
        writer.withDimension("Pipeline", "rnaseq").emit(Map.of(Metric.BATCHES_SUBMITTED, 1));

        EmfDocument document = EmfDocument.parse(lines.get(0));
        assertThat(document.dimensionSets()).containsExactly(List.of("Function"), List.of("Function", "Pipeline"));
        assertThat(document.dimension("Pipeline")).isEqualTo("rnaseq");
        assertThat(document.dimension("Function")).isEqualTo("omics-dropzone-Submit");
    }

    @Test
    void values_json_cannot_carry_are_left_out_and_an_empty_document_is_not_written() {
        Map<Metric, Number> values = new LinkedHashMap<>();
        values.put(Metric.VALIDATION_THROUGHPUT, Double.POSITIVE_INFINITY);
        values.put(Metric.VALIDATION_SECONDS, Double.NaN);
        writer.emit(values);
        assertThat(lines).isEmpty();

        values.put(Metric.DROPS_RECEIVED, 1);
        writer.emit(values);
        assertThat(EmfDocument.parse(lines.get(0)).units()).containsOnlyKeys("DropsReceived");
    }

    @Test
    void every_metric_has_a_distinct_name_and_a_cloudwatch_unit() {
        assertThat(List.of(Metric.values())).extracting(Metric::metricName).doesNotHaveDuplicates()
                .allMatch(name -> name.matches("[A-Za-z]{1,255}"));
        assertThat(List.of(Metric.values())).extracting(metric -> metric.unit().cloudWatchName())
                .allMatch(List.of("Count", "Seconds", "Megabytes/Second")::contains);
    }

    @Test
    void emf_allows_one_to_thirty_dimensions() {
        assertThatThrownBy(() -> new EmfWriter(lines::add, Map.of(), clock))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
