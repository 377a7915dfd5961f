package io.omicsdropzone.samplesheet;

import io.omicsdropzone.config.ConfigException;
import io.omicsdropzone.config.PipelinesFile;
import io.omicsdropzone.disclosure.Disclosure;
import io.omicsdropzone.domain.pipeline.Pipelines;
import io.omicsdropzone.json.JsonReader;
import io.omicsdropzone.spool.MemorySpool;
import io.omicsdropzone.validation.CheckAttempt;
import io.omicsdropzone.validation.CheckProgressStore;
import io.omicsdropzone.validation.InputChecksIncompleteException;
import io.omicsdropzone.validation.InputObjects;
import io.omicsdropzone.validation.Preflight;
import io.omicsdropzone.validation.ProgressListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** nf-core samplesheets with the real rnaseq and sarek schemas (events/pipelines/nf-core/): issue 20's acceptance. */
class NfCoreSheetsTest {

    static final Path EVENTS = Path.of("target", "test-classes", "events");
    static final PipelinesFile.Defaults DEFAULTS = new PipelinesFile.Defaults("arn:aws:iam::123456789012:role/stack",
            "s3://lab-output/runs/");
    static final Pipelines PIPELINES = PipelinesFile.read(EVENTS.resolve("pipelines/nf-core.json"), DEFAULTS);
    static final GroupedSheetConverter.Locations WHERE = new GroupedSheetConverter.Locations("lab-drops",
            "submitted/req-1/", "run-42", ".csv");

    /** The spool of the sheets' rows and of the run settings ({@link #json}: the last conversion's). */
    final MemorySpool spool = new MemorySpool();
    MemorySpool.MemoryFile json;

    /** The input files that exist, as pre-flight's port sees them; every question is counted. */
    static final class Inputs implements InputObjects {
        final Set<String> existing = ConcurrentHashMap.newKeySet();
        final List<String> asked = java.util.Collections.synchronizedList(new ArrayList<>());

        Inputs(String... uris) {
            existing.addAll(List.of(uris));
        }

        @Override
        public Existence object(String bucket, String key) {
            asked.add("s3://" + bucket + "/" + key);
            return existing.contains("s3://" + bucket + "/" + key) ? Existence.FOUND : Existence.MISSING;
        }

        @Override
        public Existence anyUnder(String bucket, String prefix) {
            asked.add("s3://" + bucket + "/" + prefix + "*");
            return existing.stream().anyMatch(u -> u.startsWith("s3://" + bucket + "/" + prefix)) ? Existence.FOUND
                    : Existence.MISSING;
        }
    }

    static SampleSheetTemplate sheetOf(String pipeline) {
        return PIPELINES.named(pipeline).orElseThrow().samplesheet().orElseThrow();
    }

    GroupedSheetConverter.Result grouped(String pipeline, byte[] sheet, Preflight preflight) throws IOException {
        json = (MemorySpool.MemoryFile) spool.create("runs", ".json");
        return new GroupedSheetConverter(spool).convert(new ByteArrayInputStream(sheet), SheetFormat.CSV,
                sheetOf(pipeline), preflight, WHERE, json, ProgressListener.NONE);
    }

    static byte[] event(String sheet) throws IOException {
        return Files.readAllBytes(EVENTS.resolve("samplesheets").resolve(sheet));
    }

    @SuppressWarnings("unchecked")
    List<Map<String, Object>> runs() throws IOException {
        return (List<Map<String, Object>>) JsonReader.read(new String(json.bytes(), StandardCharsets.UTF_8));
    }

    static String text(GroupedSheetConverter.SheetFile sheet) throws IOException {
        try (InputStream in = sheet.content().open()) {
            byte[] bytes = in.readAllBytes();
            assertThat(bytes.length).isEqualTo(sheet.content().length());
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void a_multi_lane_rnaseq_sheet_is_one_run_per_sample_each_reading_a_sheet_of_exactly_its_rows() throws IOException {
        byte[] sheet = event("nfcore-rnaseq.csv");

        try (GroupedSheetConverter.Result result = grouped("rnaseq", sheet, Preflight.NONE)) {
            assertThat(result.report().valid()).as(result.report().text()).isTrue();
            assertThat(result.report().rowCount()).isEqualTo(5); // the trailing ",,," rows are blank
            assertThat(result.runCount()).isEqualTo(3);
            List<Map<String, Object>> runs = runs();
            assertThat(runs).extracting(r -> r.get("runSettingId"))
                    .containsExactly("CONTROL_REP1", "TREATMENT_REP1", "TREATMENT_REP2");
            assertThat((Map<String, Object>) runs.get(0).get("parameters"))
                    .containsExactly(Map.entry("input", "s3://lab-drops/submitted/req-1/CONTROL_REP1.csv"));
            assertThat(runs.get(0)).containsEntry("name", "rnaseq-CONTROL_REP1")
                    .containsEntry("runTags", Map.of("sample", "CONTROL_REP1"));
            assertThat(result.sheets()).extracting(GroupedSheetConverter.SheetFile::key).containsExactly(
                    "submitted/req-1/CONTROL_REP1.csv", "submitted/req-1/TREATMENT_REP1.csv",
                    "submitted/req-1/TREATMENT_REP2.csv");
            assertThat(text(result.sheets().get(0))).isEqualTo("""
                    sample,fastq_1,fastq_2,strandedness
                    CONTROL_REP1,s3://lab-input/rnaseq/AEG588A1_S1_L002_R1_001.fastq.gz,s3://lab-input/rnaseq/AEG588A1_S1_L002_R2_001.fastq.gz,auto
                    CONTROL_REP1,s3://lab-input/rnaseq/AEG588A1_S1_L003_R1_001.fastq.gz,s3://lab-input/rnaseq/AEG588A1_S1_L003_R2_001.fastq.gz,auto
                    CONTROL_REP1,s3://lab-input/rnaseq/AEG588A1_S1_L004_R1_001.fastq.gz,s3://lab-input/rnaseq/AEG588A1_S1_L004_R2_001.fastq.gz,auto
                    """);
            assertThat(text(result.sheets().get(1))).isEqualTo("""
                    sample,fastq_1,fastq_2,strandedness
                    TREATMENT_REP1,s3://lab-input/rnaseq/AEG588A4_S4_L003_R1_001.fastq.gz,,reverse
                    """);
        }
    }

    @Test
    void the_rnaseq_schema_rejects_a_bad_sheet_with_one_positioned_error_per_mistake_in_its_own_words()
            throws IOException {
        Inputs inputs = new Inputs("s3://lab-input/rnaseq/AEG588A1_S1_L002_R1_001.fastq.gz",
                "s3://lab-input/rnaseq/AEG588A1_S1_L002_R2_001.fastq.gz",
                "s3://lab-input/rnaseq/AEG588A3_S3_L002_R1_001.fastq.gz");

        try (GroupedSheetConverter.Result result = grouped("rnaseq", event("nfcore-rnaseq-invalid.csv"),
                new Preflight(null, inputs, List.of(), 4, new MemorySpool()))) {
            assertThat(result.report().describe(Disclosure.FULL)).containsExactly(
                    "row 2 (sample CONTROL REP1), column sample: Sample name must be provided and cannot contain spaces",
                    "row 3 (sample CONTROL_REP2), column fastq_1: FastQ file for reads 1 must be provided, cannot"
                            + " contain spaces and must have extension '.fq', '.fastq', '.fq.gz' or '.fastq.gz'",
                    "row 4 (sample CONTROL_REP3), column strandedness: Strandedness must be provided and be one of"
                            + " 'auto', 'forward', 'reverse' or 'unstranded'",
                    "row 5 (sample CONTROL_REP4), column fastq_1: s3://lab-input/rnaseq/MISSING_R1.fastq.gz does not"
                            + " exist",
                    "row 6 (sample CONTROL_REP5), column fastq_1: '/data/fastq/AEG588A5_R1.fastq.gz': HealthOmics"
                            + " reads inputs from S3 (s3://bucket/key) or its sequence stores (omics://), not from a"
                            + " local path; write the file-path as an s3:// URI");
            assertThat(result.report().errorCount()).isEqualTo(5);
            assertThat(result.sheets()).as("nothing to write for a rejected sheet").isEmpty();
            assertThat(result.report().describe(Disclosure.PHI_SAFE)).allSatisfy(line -> {
                assertThat(line).doesNotContain("CONTROL");
                assertThat(line).doesNotContain("MISSING_R1");
            });
        }
    }

    @Test
    void a_local_path_is_an_error_even_with_input_checks_off() throws IOException {
        byte[] sheet = """
                sample,fastq_1,strandedness
                S1,/data/S1_R1.fastq.gz,auto
                S2,https://example.org/S2_R1.fastq.gz,auto
                S3,omics://123456789012.storage.us-east-1.amazonaws.com/1234/readSet/5678/source1,auto
                """.getBytes(StandardCharsets.UTF_8);

        try (GroupedSheetConverter.Result result = grouped("rnaseq", sheet, Preflight.NONE)) {
            assertThat(result.report().describe(Disclosure.FULL)).hasSize(3);
            assertThat(result.report().describe(Disclosure.FULL).get(0)).startsWith("row 2 (sample S1), column fastq_1:"
                    + " '/data/S1_R1.fastq.gz': HealthOmics reads inputs from S3");
            assertThat(result.report().describe(Disclosure.FULL).get(1)).contains("not from a 'https://' URI");
            // omics:// is readable, but the rnaseq schema's own pattern wants a .fastq.gz name
            assertThat(result.report().describe(Disclosure.FULL).get(2)).startsWith("row 4 (sample S3), column"
                    + " fastq_1: FastQ file for reads 1");
        }
    }

    @Test
    void a_sample_named_with_digits_stays_text_and_a_missing_required_cell_is_one_error() throws IOException {
        byte[] sheet = """
                sample,fastq_1,strandedness
                1234,s3://lab-input/S1_R1.fastq.gz,auto
                S2,s3://lab-input/S2_R1.fastq.gz,
                """.getBytes(StandardCharsets.UTF_8);

        try (GroupedSheetConverter.Result result = grouped("rnaseq", sheet, Preflight.NONE)) {
            assertThat(result.report().describe(Disclosure.FULL)).containsExactly(
                    "row 3 (sample S2), column strandedness: " + SchemaRowCheck.MISSING_FIELD);
        }
    }

    @Test
    void a_missing_required_column_is_one_error_on_row_1() throws IOException {
        byte[] sheet = "sample,fastq_1\nS1,s3://lab-input/S1_R1.fastq.gz\nS2,s3://lab-input/S2_R1.fastq.gz\n"
                .getBytes(StandardCharsets.UTF_8);

        try (GroupedSheetConverter.Result result = grouped("rnaseq", sheet, Preflight.NONE)) {
            assertThat(result.report().describe(Disclosure.FULL)).containsExactly("row 1: header: missing required"
                    + " column strandedness (the pipeline's schema nf-core/rnaseq_schema_input.json requires sample,"
                    + " fastq_1, strandedness)");
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void sarek_samples_are_keyed_by_patient_and_sample_and_cells_take_the_declared_type() throws IOException {
        try (GroupedSheetConverter.Result result = grouped("sarek", event("nfcore-sarek.csv"), Preflight.NONE)) {
            assertThat(result.report().valid()).as(result.report().text()).isTrue();
            assertThat(runs()).extracting(r -> r.get("runSettingId"))
                    .containsExactly("patient1_normal_sample", "patient1_tumor_sample");
            assertThat(text(result.sheets().get(0)).lines()).hasSize(3);
        }
        byte[] bad = """
                patient,sex,status,sample,lane,fastq_1
                p1,XX,2,s1,1,s3://lab-input/s1_R1.fastq.gz
                p1,XX,one,s2,1,s3://lab-input/s2_R1.fastq.gz
                """.getBytes(StandardCharsets.UTF_8);
        try (GroupedSheetConverter.Result result = grouped("sarek", bad, Preflight.NONE)) {
            String status = "column status: Status can only be 0 (normal) or 1 (tumor). Defaults to 0, if none is"
                    + " supplied.";
            assertThat(result.report().describe(Disclosure.FULL)).containsExactly("row 2, " + status, "row 3, "
                    + status);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void whole_mode_is_one_run_named_after_the_sheet_whose_input_is_the_sheet_itself() throws IOException {
        try (GroupedSheetConverter.Result result = grouped("rnaseq-whole", event("nfcore-rnaseq.csv"),
                Preflight.NONE)) {
            assertThat(result.report().valid()).as(result.report().text()).isTrue();
            assertThat(result.sheets()).singleElement().satisfies(sheet -> {
                assertThat(sheet.key()).isEqualTo("submitted/req-1/run-42.csv");
                assertThat(sheet.content()).as("the caller copies the dropped sheet byte for byte").isNull();
            });
            assertThat(runs()).singleElement().satisfies(run -> {
                assertThat(run).containsEntry("runSettingId", "run-42");
                assertThat((Map<String, Object>) run.get("parameters"))
                        .containsEntry("input", "s3://lab-drops/submitted/req-1/run-42.csv");
            });
        }
    }

    @Test
    void unique_entries_at_the_array_level_are_honoured_and_deprecated_columns_refused(@TempDir Path folder)
            throws IOException {
        Files.writeString(folder.resolve("schema.json"), """
                {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "array",
                 "uniqueEntries": ["sample", "lane"],
                 "items": {"type": "object", "required": ["sample"],
                   "properties": {"sample": {"type": "string", "meta": ["id"]},
                                  "lane": {"type": "integer"},
                                  "old": {"type": "string", "deprecated": true,
                                          "errorMessage": "use 'lane' instead"}}}}""");
        Files.writeString(folder.resolve("p.json"), """
                {"pipelines": [{"name": "x", "keyPrefix": "in/x/", "defaultRunSetting": {"workflowId": "1"},
                  "samplesheet": {"schema": "schema.json"}}]}""");
        SampleSheetTemplate template = PipelinesFile.read(folder.resolve("p.json"), DEFAULTS).named("x").orElseThrow()
                .samplesheet().orElseThrow();
        byte[] sheet = "sample,lane,old\nS1,1,\nS1,2,\nS1,1,\nS2,1,x\n".getBytes(StandardCharsets.UTF_8);

        try (GroupedSheetConverter.Result result = new GroupedSheetConverter(spool).convert(
                new ByteArrayInputStream(sheet), SheetFormat.CSV, template, Preflight.NONE, WHERE,
                spool.create("runs", ".json"), ProgressListener.NONE)) {
            assertThat(result.report().describe(Disclosure.FULL)).containsExactly(
                    "row 4 (sample S1): the combination of sample, lane repeats row 2 (the schema's uniqueEntries)",
                    "row 5 (sample S2), column old: column old is deprecated in the pipeline's schema: use 'lane'"
                            + " instead");
        }
    }

    @Test
    void a_per_row_pipeline_with_a_schema_checks_rows_with_it_and_converts_them_with_its_template(
            @TempDir Path folder) throws IOException {
        Files.copy(EVENTS.resolve("pipelines/nf-core/rnaseq_schema_input.json"), folder.resolve("rnaseq.json"));
        Files.writeString(folder.resolve("p.json"), """
                {"pipelines": [{"name": "x", "keyPrefix": "in/x/", "defaultRunSetting": {"workflowId": "1"},
                  "samplesheet": {"schema": "rnaseq.json", "runs": "per-row",
                    "runSetting": {"runSettingId": "{sample}", "parameters": {"reads": "{fastq_1}"}}}}]}""");
        SampleSheetTemplate template = PipelinesFile.read(folder.resolve("p.json"), DEFAULTS).named("x").orElseThrow()
                .samplesheet().orElseThrow();
        byte[] sheet = "sample,fastq_1,strandedness\nS1,s3://in/S1.fastq.gz,auto\nS2,s3://in/S2.fastq.gz,up\n"
                .getBytes(StandardCharsets.UTF_8);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();

        SampleSheetReport report = new SampleSheetConverter().convert(new ByteArrayInputStream(sheet), SheetFormat.CSV,
                template, out);

        assertThat(report.describe(Disclosure.FULL)).containsExactly("row 3 (sample S2), column strandedness:"
                + " Strandedness must be provided and be one of 'auto', 'forward', 'reverse' or 'unstranded'");
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(
                "[{\"runSettingId\":\"S1\",\"parameters\":{\"reads\":\"s3://in/S1.fastq.gz\"}}]");
    }

    @Test
    void the_pipelines_file_refuses_what_the_dropzone_cannot_honour(@TempDir Path folder) throws IOException {
        Files.writeString(folder.resolve("nokey.json"), """
                {"type": "array", "items": {"properties": {"sample": {"type": "string"}}}}""");
        Files.writeString(folder.resolve("draft7.json"), """
                {"$schema": "http://json-schema.org/draft-07/schema", "type": "array",
                 "items": {"properties": {"sample": {"type": "string", "meta": ["id"]}}}}""");
        Files.writeString(folder.resolve("p.json"), """
                {"pipelines": [
                  {"name": "a", "keyPrefix": "in/a/", "defaultRunSetting": {"workflowId": "1"},
                   "samplesheet": {"schema": "nokey.json"}},
                  {"name": "b", "keyPrefix": "in/b/", "defaultRunSetting": {"workflowId": "1"},
                   "samplesheet": {"schema": "../outside.json"}},
                  {"name": "c", "keyPrefix": "in/c/", "defaultRunSetting": {"workflowId": "1"},
                   "samplesheet": {"schema": "draft7.json"}},
                  {"name": "d", "keyPrefix": "in/d/", "defaultRunSetting": {"workflowId": "1"},
                   "samplesheet": {"schema": "nokey.json", "sampleColumn": "sample",
                                   "runSetting": {"runSettingId": "{sample}", "parameters": {"input": "x"}}}}]}""");

        assertThatThrownBy(() -> PipelinesFile.read(folder.resolve("p.json"), DEFAULTS))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).containsExactly(
                        "pipeline 'a': samplesheet: per-sample needs the sample key: set sampleColumn, or give the"
                                + " schema a property with meta: [\"id\"]",
                        "pipeline 'b': samplesheet.schema: ../outside.json must be a relative path inside the"
                                + " pipelines file's folder",
                        "pipeline 'c': samplesheet.schema (draft7.json): $schema http://json-schema.org/draft-07/schema"
                                + " is not supported: only nf-schema schemas (JSON Schema draft 2020-12) are; an"
                                + " nf-validation (draft-07) schema must be migrated to nf-schema first",
                        "pipeline 'd': samplesheet.runSetting.runSettingId: leave it out: in per-sample mode it is"
                                + " the sample",
                        "pipeline 'd': samplesheet.runSetting.parameters.input: leave it out: it is the S3 URI of the"
                                + " run's sheet, which the dropzone writes"));
    }

    @Test
    void the_input_parameter_satisfies_the_workflow_s_required_input_and_the_written_sheets_are_not_input_checked()
            throws IOException {
        java.util.Map<String, Boolean> optional = new java.util.LinkedHashMap<>();
        optional.put("input", false);
        optional.put("genome", false);
        optional.put("outdir", true);
        io.omicsdropzone.validation.ParameterTemplate workflow = new io.omicsdropzone.validation.ParameterTemplate(
                "workflow 7654321", optional, Set.of("genome"));
        Inputs inputs = new Inputs("s3://lab-input/S1_R1.fastq.gz");
        byte[] sheet = "sample,fastq_1,strandedness\nS1,s3://lab-input/S1_R1.fastq.gz,auto\n"
                .getBytes(StandardCharsets.UTF_8);

        try (GroupedSheetConverter.Result result = grouped("rnaseq", sheet,
                new Preflight(workflow, inputs, List.of(), 2, new MemorySpool()))) {
            assertThat(result.report().valid()).as(result.report().text()).isTrue();
            assertThat(inputs.asked).containsExactly("s3://lab-input/S1_R1.fastq.gz"); // not the sheet it writes
        }
        java.util.Map<String, Boolean> withoutInput = java.util.Map.of("reads", false);
        try (GroupedSheetConverter.Result result = grouped("rnaseq", sheet, new Preflight(
                new io.omicsdropzone.validation.ParameterTemplate("workflow 1", withoutInput, Set.of()), null,
                List.of(), 1, null))) {
            assertThat(result.report().describe(Disclosure.FULL)).anySatisfy(line -> assertThat(line)
                    .startsWith("row 2 (sample S1), template field /parameters").contains("'input'"));
        }
    }

    @Test
    void a_per_sample_sheet_s_input_checks_stop_at_the_invocation_s_deadline() {
        java.time.Instant now = java.time.Instant.parse("2026-12-06T12:00:00Z");
        CheckAttempt spent = new CheckAttempt(java.time.Clock.fixed(now, java.time.ZoneOffset.UTC), now,
                CheckProgressStore.NONE, "lab-drops", "r-deadline", false);
        Inputs inputs = new Inputs("s3://lab-input/S1_R1.fastq.gz");
        byte[] sheet = "sample,fastq_1,strandedness\nS1,s3://lab-input/S1_R1.fastq.gz,auto\n"
                .getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> grouped("rnaseq", sheet,
                new Preflight(null, inputs, List.of(), 2, Preflight.DEFAULT_MIN_INPUTS_TO_LIST, spent,
                        new MemorySpool()))).isInstanceOf(InputChecksIncompleteException.class);
    }

    @Test
    void key_safe_sample_names_never_collide() {
        assertThat(SheetCsv.keyPart("CONTROL_REP1")).isEqualTo("CONTROL_REP1");
        assertThat(SheetCsv.keyPart("S 1")).startsWith("S_1-").isNotEqualTo(SheetCsv.keyPart("S/1"));
        assertThat(SheetCsv.keyPart("..")).startsWith("..-").hasSize(15);
        assertThat(new String(SheetCsv.line(List.of("a,b", "say \"hi\"", "plain")), StandardCharsets.UTF_8))
                .isEqualTo("\"a,b\",\"say \"\"hi\"\"\",plain\n");
    }
}
