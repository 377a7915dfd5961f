package io.omicsdropzone.pipeline;

import io.omicsdropzone.domain.Drop;
import io.omicsdropzone.domain.DropStatus;
import io.omicsdropzone.domain.DroppedObject;
import io.omicsdropzone.domain.redrive.RedriveDrop;
import io.omicsdropzone.event.S3EventJson;
import io.omicsdropzone.handler.BatchStatusEventJson;
import io.omicsdropzone.handler.S3DropHandler;
import io.omicsdropzone.handler.S3Records;
import io.omicsdropzone.json.JsonReader;
import io.omicsdropzone.local.LocalEnvironment;
import io.omicsdropzone.local.standins.OmicsBatchEmulator.InputSheetView;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * nf-core sheets dropped on the stand-ins under pipelines whose samplesheet is the real nf-core/rnaseq schema: one
 * run per sample, each reading a sheet of its own that the HealthOmics emulator reads and checks when the run
 * starts; a bad sheet rejected with the schema's own words (pre-flight checking its FASTQs) and nothing written;
 * a whole sheet as one run; a failed sample re-driven with its own sheet.
 */
class NfCoreEndToEndTest {

    static final Path EVENTS = Path.of("..", "events");
    static LocalEnvironment env;

    @BeforeAll
    static void start() throws IOException {
        String schema = Files.readString(EVENTS.resolve("pipelines/nf-core/rnaseq_schema_input.json"));
        env = LocalEnvironment.withPipelines("""
                {"pipelines": [
                  {"name": "rnaseq", "keyPrefix": "incoming/rnaseq/", "defaultRunSetting": {"workflowId": "7654321"},
                   "samplesheet": {"schema": %s, "runSetting": {"name": "rnaseq-{sample}"}}},
                  {"name": "rnaseq-whole", "keyPrefix": "incoming/rnaseq-whole/",
                   "defaultRunSetting": {"workflowId": "7654321"},
                   "samplesheet": {"schema": %s, "runs": "whole"}}]}""".formatted(schema, schema));
    }

    @AfterAll
    static void stop() {
        env.close();
    }

    static String sheet(String name) throws IOException {
        return Files.readString(EVENTS.resolve("samplesheets").resolve(name));
    }

    static void createFastqsOf(String sheet) {
        Matcher uri = Pattern.compile("s3://[^,\\s\"]+").matcher(sheet);
        while (uri.find()) {
            if (!uri.group().contains("MISSING")) {
                env.createInput(uri.group());
            }
        }
    }

    static Drop deliver(String key, String content) {
        PutObjectResponse put = env.upload(key, content);
        String event = LocalEnvironment.objectCreatedEvent(LocalEnvironment.BUCKET, key, put.eTag(),
                content.getBytes(StandardCharsets.UTF_8).length);
        List<DroppedObject> objects = S3Records.droppedObjects(S3EventJson.parse(event));
        S3DropHandler.handle(objects, env.dropzone().submitDrop(), Instant.now().plusSeconds(60));
        return env.dropzone().drops().find(objects.get(0).requestId()).orElseThrow();
    }

    static List<String> keysUnder(String prefix) {
        return env.clients().s3().listObjectsV2(b -> b.bucket(LocalEnvironment.BUCKET).prefix(prefix)).contents()
                .stream().map(S3Object::key).toList();
    }

    static String object(String key) {
        return env.clients().s3().getObjectAsBytes(b -> b.bucket(LocalEnvironment.BUCKET).key(key)).asUtf8String();
    }

    static Drop ended(Drop drop) {
        env.standIns().omics().settle(drop.batchId());
        for (String event : env.standIns().omics().events()) {
            BatchStatusEventJson.parse(event).filter(observation -> observation.batchId().equals(drop.batchId()))
                    .ifPresent(observation -> env.dropzone().trackBatch().apply(observation));
        }
        return env.dropzone().drops().find(drop.requestId()).orElseThrow();
    }

    static List<InputSheetView> sheetsReadFrom(String folder) {
        return env.standIns().omics().inputSheets().stream()
                .filter(read -> read.uri().contains("/" + folder)).toList();
    }

    @Test
    void a_multi_lane_sheet_is_one_batch_of_one_run_per_sample_each_reading_its_own_sheet() throws IOException {
        String sheet = sheet("nfcore-rnaseq.csv");
        createFastqsOf(sheet);

        Drop drop = deliver("incoming/rnaseq/run-" + System.nanoTime() + ".csv", sheet);

        assertThat(drop.status()).as(String.join("; ", drop.errors())).isEqualTo(DropStatus.SUBMITTED);
        assertThat(drop.runCount()).isEqualTo(3);
        String folder = "submitted/" + drop.requestId() + "/";
        assertThat(keysUnder(folder)).containsExactlyInAnyOrder(folder + "CONTROL_REP1.csv",
                folder + "TREATMENT_REP1.csv", folder + "TREATMENT_REP2.csv");
        assertThat(object(folder + "CONTROL_REP1.csv").lines()).hasSize(4).allMatch(line ->
                line.startsWith("sample,") || line.startsWith("CONTROL_REP1,"));

        assertThat(ended(drop).batchStatus()).isEqualTo("PROCESSED");
        assertThat(sheetsReadFrom(folder)).extracting(InputSheetView::runSettingId, InputSheetView::rows,
                InputSheetView::problem).containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("CONTROL_REP1", 3, null),
                        org.assertj.core.groups.Tuple.tuple("TREATMENT_REP1", 1, null),
                        org.assertj.core.groups.Tuple.tuple("TREATMENT_REP2", 1, null));
        assertThat(sheetsReadFrom(folder)).allSatisfy(read ->
                assertThat(read.header()).isEqualTo("sample,fastq_1,fastq_2,strandedness"));
        assertThat(env.standIns().omics().batch(drop.batchId()).orElseThrow().runs())
                .allSatisfy(run -> assertThat(run.runStatus()).isEqualTo("COMPLETED"));
    }

    @Test
    void the_rnaseq_schema_rejects_a_bad_sheet_before_any_start_run_batch_and_nothing_is_written()
            throws IOException {
        String sheet = sheet("nfcore-rnaseq-invalid.csv");
        createFastqsOf(sheet);
        long batches = env.standIns().omics().count("StartRunBatch");

        Drop drop = deliver("incoming/rnaseq/bad-" + System.nanoTime() + ".csv", sheet);

        assertThat(drop.status()).isEqualTo(DropStatus.REJECTED);
        assertThat(drop.errors()).hasSize(5);
        assertThat(drop.errors().get(0)).isEqualTo(
                "row 2 (sample CONTROL REP1), column sample: Sample name must be provided and cannot contain spaces");
        assertThat(drop.errors().get(3)).isEqualTo("row 5 (sample CONTROL_REP4), column fastq_1:"
                + " s3://lab-input/rnaseq/MISSING_R1.fastq.gz does not exist");
        assertThat(keysUnder("submitted/" + drop.requestId())).isEmpty();
        assertThat(env.standIns().omics().count("StartRunBatch")).isEqualTo(batches);
    }

    @Test
    void a_whole_sheet_is_one_run_reading_the_dropped_sheet_byte_for_byte() throws IOException {
        String sheet = "\uFEFF" + sheet("nfcore-rnaseq.csv").replace("\n", "\r\n");
        createFastqsOf(sheet);

        Drop drop = deliver("incoming/rnaseq-whole/plate-" + System.nanoTime() + ".CSV", sheet);

        assertThat(drop.status()).as(String.join("; ", drop.errors())).isEqualTo(DropStatus.SUBMITTED);
        assertThat(drop.runCount()).isEqualTo(1);
        String folder = "submitted/" + drop.requestId() + "/";
        assertThat(keysUnder(folder)).singleElement().satisfies(key -> {
            assertThat(key).endsWith(".CSV");
            assertThat(object(key)).isEqualTo(sheet);
        });
        ended(drop);
        assertThat(sheetsReadFrom(folder)).singleElement().satisfies(read -> {
            assertThat(read.rows()).isEqualTo(7); // byte for byte: the spreadsheet's two ",,," rows too
            assertThat(read.problem()).isNull();
        });
    }

    @Test
    void a_run_whose_sheet_is_gone_fails_and_the_redrive_runs_that_sample_again_with_its_own_sheet()
            throws IOException {
        String sheet = sheet("nfcore-rnaseq.csv");
        createFastqsOf(sheet);
        Drop drop = deliver("incoming/rnaseq/redrive-" + System.nanoTime() + ".csv", sheet);
        String folder = "submitted/" + drop.requestId() + "/";
        String key = folder + "TREATMENT_REP2.csv";
        String content = object(key);
        env.clients().s3().deleteObject(b -> b.bucket(LocalEnvironment.BUCKET).key(key));

        Drop ended = ended(drop);

        assertThat(sheetsReadFrom(folder)).filteredOn(read -> read.runSettingId().equals("TREATMENT_REP2"))
                .singleElement().satisfies(read -> assertThat(read.problem()).startsWith("INPUT_URI_NOT_FOUND"));
        assertThat(env.standIns().omics().batch(drop.batchId()).orElseThrow().runs())
                .filteredOn(run -> "FAILED".equals(run.runStatus())).extracting(run -> run.runSettingId())
                .containsExactly("TREATMENT_REP2");
        env.upload(key, content); // the operator puts the sheet back

        RedriveDrop.Outcome outcome = env.dropzone().redriveDrop().redrive(ended.requestId(), false,
                Instant.now().plusSeconds(60));

        assertThat(outcome).isInstanceOf(RedriveDrop.Redriven.class);
        Drop redrive = ((RedriveDrop.Redriven) outcome).redrive();
        List<?> runs = (List<?>) JsonReader.read(object(redrive.snapshot().key()));
        assertThat(runs).singleElement().isInstanceOfSatisfying(Map.class, run -> {
            assertThat(run).containsEntry("runSettingId", "TREATMENT_REP2");
            @SuppressWarnings("unchecked")
            Map<String, Object> parameters = (Map<String, Object>) run.get("parameters");
            assertThat(parameters).containsEntry("input",
                    "s3://" + LocalEnvironment.BUCKET + "/" + key);
        });
        ended(redrive);
        assertThat(env.standIns().omics().inputSheets()).filteredOn(read -> read.uri().endsWith(key))
                .last().satisfies(read -> assertThat(read.problem()).isNull());
    }
}
