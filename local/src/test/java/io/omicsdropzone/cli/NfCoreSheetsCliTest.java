package io.omicsdropzone.cli;

import io.omicsdropzone.json.JsonReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The artifact as a process, with the nf-core pipelines file: {@code preview --sheets DIR} writes the per-sample
 * sheets, and the JSON Schema library (with Jackson databind) is loaded only when a sheet with a schema is read, never
 * for a plain JSON drop, though the pipelines file naming the schemas is loaded in both.
 */
class NfCoreSheetsCliTest {

    static final Path EVENTS = Path.of("..", "events");
    static final String PIPELINES = EVENTS.resolve("pipelines/nf-core.json").toString();

    static List<String> loadedClasses(Path log) throws IOException {
        try (Stream<String> lines = Files.lines(log)) {
            return lines.filter(line -> line.contains(" source: ")).map(line -> line.replaceAll(".*\\] ", "")
                    .replaceAll(" source:.*", "")).toList();
        }
    }

    static Map<String, String> loggingClassesTo(Path log) {
        return Map.of("JAVA_TOOL_OPTIONS", "-Xlog:class+load=info:file=" + log);
    }

    @Test
    void preview_writes_one_sheet_per_sample_and_only_a_sheet_loads_the_schema_library(@TempDir Path dir)
            throws Exception {
        Path sheets = dir.resolve("sheets");
        Path sheetLog = dir.resolve("sheet-classes.log");

        FunctionJarTest.Result preview = FunctionJarTest.run(loggingClassesTo(sheetLog), "preview",
                EVENTS.resolve("samplesheets/nfcore-rnaseq.csv").toString(), "--pipeline", "rnaseq", "--pipelines",
                PIPELINES, "--sheets", sheets.toString());

        assertThat(preview.exit()).as(preview.err()).isZero();
        List<?> runs = (List<?>) JsonReader.read(preview.out().strip());
        assertThat(runs).hasSize(3).first().isInstanceOfSatisfying(Map.class, run -> assertThat(run)
                .containsEntry("runSettingId", "CONTROL_REP1")
                .containsEntry("parameters", Map.of("input", "s3://BUCKET/submitted/REQUEST_ID/CONTROL_REP1.csv")));
        try (Stream<Path> written = Files.list(sheets)) {
            assertThat(written.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("CONTROL_REP1.csv",
                    "TREATMENT_REP1.csv", "TREATMENT_REP2.csv");
        }
        assertThat(Files.readAllLines(sheets.resolve("CONTROL_REP1.csv"))).hasSize(4);
        assertThat(loadedClasses(sheetLog)).anyMatch(name -> name.startsWith("com.networknt."));

        Path jsonLog = dir.resolve("json-classes.log");
        FunctionJarTest.Result validate = FunctionJarTest.run(loggingClassesTo(jsonLog), "validate",
                EVENTS.resolve("run-settings/valid-3-runs.json").toString(), "--pipeline", "rnaseq", "--pipelines",
                PIPELINES);

        assertThat(validate.exit()).as(validate.err()).isZero();
        List<String> loaded = loadedClasses(jsonLog);
        assertThat(loaded).anyMatch(name -> name.equals("io.omicsdropzone.samplesheet.SheetSchema"));
        assertThat(loaded).noneMatch(name -> name.startsWith("com.networknt."))
                .noneMatch(name -> name.startsWith("com.fasterxml.jackson.databind."))
                .noneMatch(name -> name.equals("io.omicsdropzone.samplesheet.NetworkntRowSchema"));
    }
}
