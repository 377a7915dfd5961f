package io.omicsdropzone.samplesheet;

import io.omicsdropzone.config.PipelinesFile;
import io.omicsdropzone.disclosure.Disclosure;
import io.omicsdropzone.domain.pipeline.Pipelines;
import io.omicsdropzone.json.JsonReader;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The sample sheets in events/samplesheets/ with the sample pipelines file: what the README shows. */
class SampleSheetsTest {

    static final Path EVENTS = Path.of("target", "test-classes", "events");
    static final Pipelines PIPELINES = PipelinesFile.read(EVENTS.resolve("pipelines/pipelines.json"),
            new PipelinesFile.Defaults("arn:aws:iam::123456789012:role/stack", "s3://lab-output/runs/"));

    static SampleSheetReport convert(String pipeline, String sheet, ByteArrayOutputStream out) throws IOException {
        Path file = EVENTS.resolve("samplesheets").resolve(sheet);
        try (InputStream in = Files.newInputStream(file)) {
            return new SampleSheetConverter().convert(in, SheetFormat.forKey(sheet).orElseThrow(),
                    PIPELINES.named(pipeline).orElseThrow().samplesheet().orElseThrow(), out);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void the_trio_sheet_becomes_three_runs() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        SampleSheetReport report = convert("wgs", "wgs-trio.csv", out);

        assertThat(report.valid()).as(report.text()).isTrue();
        List<Map<String, Object>> entries = (List<Map<String, Object>>) JsonReader.read(out.toString(StandardCharsets.UTF_8));
        assertThat(entries).extracting(e -> e.get("runSettingId")).containsExactly("NA12878", "NA12891", "NA12892");
        assertThat(entries.get(0)).containsEntry("priority", 10L).containsEntry("runTags", Map.of("patient", "P-001"));
        assertThat(entries.get(1)).doesNotContainKey("priority");
    }

    @Test
    void the_invalid_sheet_gets_one_positioned_error_per_mistake() throws IOException {
        SampleSheetReport report = convert("wgs", "wgs-invalid.tsv", new ByteArrayOutputStream());

        assertThat(report.describe(Disclosure.FULL)).containsExactly(
                "row 2 (sample S1), column fastq_2: empty value for a required placeholder",
                "row 3 (sample S2), column priority: 'high' is not an integer ({priority:int?})");
        // Rows that did not convert are not validated: S1 of row 4 repeats nothing that became a run.
        assertThat(report.errorCount()).isEqualTo(2);
    }
}
