package io.omicsdropzone.cli;

import io.omicsdropzone.json.JsonReader;
import io.omicsdropzone.local.StandInsTestBase;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.omicsdropzone.cli.FunctionJarTest.run;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code preview} and the pipeline-aware {@code validate} as processes of the deployment artifact. Local files are
 * previewed with an empty environment (no region, credentials or endpoints), so any AWS call would fail the command.
 */
class PreviewCommandTest extends StandInsTestBase {

    static final Path EVENTS = Path.of("..", "events");
    static final String PIPELINES = EVENTS.resolve("pipelines/pipelines.json").toString();

    @Test
    void preview_prints_the_run_settings_a_sheet_becomes_and_its_report_without_aws() {
        FunctionJarTest.Result result = runQuietly(Map.of(), "preview",
                EVENTS.resolve("samplesheets/wgs-trio.csv").toString(), "--pipeline", "wgs", "--pipelines", PIPELINES);

        assertThat(result.exit()).as(result.err()).isZero();
        List<?> settings = (List<?>) JsonReader.read(result.out());
        assertThat(settings).hasSize(3).first().isInstanceOfSatisfying(Map.class, entry -> assertThat(entry)
                .containsEntry("runSettingId", "NA12878").containsEntry("priority", 10L));
        assertThat(result.err()).contains("pipeline wgs (keyPrefix incoming/wgs/)")
                .contains("\"workflowId\":\"1234567\"").contains("wgs-trio.csv: samplesheet is valid: 3 rows");
    }

    @Test
    void preview_of_an_invalid_sheet_exits_1_with_errors_on_rows_and_columns() {
        FunctionJarTest.Result result = runQuietly(Map.of(), "preview",
                EVENTS.resolve("samplesheets/wgs-invalid.tsv").toString(), "--pipeline", "wgs", "--pipelines",
                PIPELINES);

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.err()).contains("samplesheet is invalid: 2 problems in 3 rows",
                "row 2 (sample S1), column fastq_2: empty value for a required placeholder",
                "row 3 (sample S2), column priority: 'high' is not an integer ({priority:int?})");
    }

    @Test
    void validate_accepts_the_same_options_and_reports_json() {
        FunctionJarTest.Result invalid = runQuietly(Map.of(), "validate",
                EVENTS.resolve("samplesheets/wgs-invalid.tsv").toString(), "--pipeline", "wgs", "--pipelines",
                PIPELINES, "--json");
        FunctionJarTest.Result json = runQuietly(Map.of(), "validate",
                EVENTS.resolve("run-settings/valid-3-runs.json").toString(), "--pipeline", "rnaseq", "--pipelines",
                PIPELINES);
        FunctionJarTest.Result unknown = runQuietly(Map.of(), "validate",
                EVENTS.resolve("samplesheets/wgs-trio.csv").toString(), "--pipeline", "exome", "--pipelines", PIPELINES);
        FunctionJarTest.Result noSheets = runQuietly(Map.of(), "validate",
                EVENTS.resolve("samplesheets/wgs-trio.csv").toString(), "--pipeline", "wgs-tumor", "--pipelines",
                PIPELINES);

        assertThat(invalid.exit()).isEqualTo(1);
        Map<String, Object> report = JsonReader.readObject(invalid.out().strip());
        assertThat(report).containsEntry("valid", false).containsEntry("rowCount", 3L).containsEntry("errorCount", 2L);
        assertThat(json.exit()).as(json.err()).isZero();
        assertThat(json.out()).contains("run-settings file is valid: 3 entries");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).contains("no pipeline named 'exome'; known: wgs, wgs-tumor, rnaseq");
        assertThat(noSheets.exit()).isEqualTo(2);
        assertThat(noSheets.err()).contains("pipeline 'wgs-tumor' takes no samplesheets");
    }

    @Test
    void a_broken_pipelines_file_stops_the_command_naming_pipeline_and_field(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        Path broken = Files.writeString(dir.resolve("pipelines.json"), """
                {"pipelines": [{"name": "wgs", "keyPrefix": "incoming/wgs/",
                  "defaultRunSetting": {"workflowId": "1", "logLevel": "LOUD"}}]}""");

        FunctionJarTest.Result result = runQuietly(Map.of(), "preview",
                EVENTS.resolve("run-settings/valid-3-runs.json").toString(), "--pipelines", broken.toString());

        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.err()).contains("pipeline 'wgs': defaultRunSetting: logLevel must be OFF, FATAL, ERROR or ALL");
    }

    @Test
    void an_s3_drop_is_routed_by_its_key_when_no_pipeline_is_named() throws Exception {
        env.upload("incoming/wgs/trio.csv", Files.readAllBytes(EVENTS.resolve("samplesheets/wgs-trio.csv")));
        env.upload("incoming/exome/trio.csv", Files.readAllBytes(EVENTS.resolve("samplesheets/wgs-trio.csv")));
        Map<String, String> environment = new HashMap<>(env.standIns().environment());
        environment.put("PIPELINES_FILE", PIPELINES);

        FunctionJarTest.Result routed = runQuietly(environment, "preview", "s3://dropzone-input/incoming/wgs/trio.csv");
        FunctionJarTest.Result nowhere = runQuietly(environment, "validate", "s3://dropzone-input/incoming/exome/trio.csv",
                "--pipelines", PIPELINES);

        assertThat(routed.exit()).as(routed.err()).isZero();
        assertThat((List<?>) JsonReader.read(routed.out())).hasSize(3);
        assertThat(nowhere.exit()).isEqualTo(1);
        assertThat(nowhere.err()).contains("under no pipeline's prefix (incoming/rnaseq/, incoming/wgs/,"
                + " incoming/wgs/tumor/); a drop there would be REJECTED");
    }

    private static FunctionJarTest.Result runQuietly(Map<String, String> environment, String... args) {
        try {
            return run(environment, args);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
