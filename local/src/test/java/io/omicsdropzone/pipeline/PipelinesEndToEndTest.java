package io.omicsdropzone.pipeline;

import io.omicsdropzone.domain.Drop;
import io.omicsdropzone.domain.DropStatus;
import io.omicsdropzone.domain.DroppedObject;
import io.omicsdropzone.domain.batch.BatchNaming;
import io.omicsdropzone.event.S3EventJson;
import io.omicsdropzone.handler.S3DropHandler;
import io.omicsdropzone.handler.S3Records;
import io.omicsdropzone.json.JsonReader;
import io.omicsdropzone.local.LocalEnvironment;
import io.omicsdropzone.local.standins.OmicsBatchEmulator.BatchView;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A dropzone deployed with a pipelines file ({@link LocalEnvironment#DEMO_PIPELINES}) on the stand-ins: each drop
 * starts its pipeline's workflow with its tags, and the DynamoDB item, the SNS message and the batch tags name the
 * pipeline; a key under no prefix is rejected listing the known prefixes.
 */
class PipelinesEndToEndTest {

    static final String VALID = "[{\"runSettingId\":\"S1\"},{\"runSettingId\":\"S2\"}]";

    static LocalEnvironment env;

    @BeforeAll
    static void start() {
        env = LocalEnvironment.withPipelines(LocalEnvironment.DEMO_PIPELINES);
    }

    @AfterAll
    static void stop() {
        env.close();
    }

    static Drop deliver(String key, String content) {
        PutObjectResponse put = env.upload(key, content);
        String event = LocalEnvironment.objectCreatedEvent(LocalEnvironment.BUCKET, key, put.eTag(), content.length());
        List<DroppedObject> objects = S3Records.droppedObjects(S3EventJson.parse(event));
        S3DropHandler.handle(objects, env.dropzone(LocalEnvironment.SUBMIT_FUNCTION_NAME).submitDrop(), Instant.now().plusSeconds(60));
        return env.dropzone().drops().find(objects.get(0).requestId()).orElseThrow();
    }

    static Map<String, Object> lastMessage() {
        var published = env.standIns().sns().published();
        return JsonReader.readObject(published.get(published.size() - 1).message());
    }

    static BatchView batchOf(Drop drop) {
        return env.standIns().omics().batch(drop.batchId()).orElseThrow();
    }

    @Test
    void a_drop_under_the_longer_prefix_runs_that_pipeline_and_every_record_names_it() {
        Drop drop = deliver("incoming/wgs/family-7.json", VALID);

        assertThat(drop.status()).isEqualTo(DropStatus.SUBMITTED);
        BatchView batch = batchOf(drop);
        @SuppressWarnings("unchecked")
        Map<String, Object> setting = (Map<String, Object>) JsonReader.readObject(batch.requestBody())
                .get("defaultRunSetting");
        assertThat(setting).containsEntry("workflowId", "2345678")
                .containsEntry("roleArn", LocalEnvironment.SERVICE_ROLE_ARN)
                .containsEntry("outputUri", LocalEnvironment.OUTPUT_URI + "wgs/");
        assertThat(JsonReader.readObject(io.omicsdropzone.json.JsonWriter.write(setting.get("runTags"))))
                .containsEntry(BatchNaming.PIPELINE_TAG, "wgs");
        assertThat(batch.tags()).containsEntry(BatchNaming.PIPELINE_TAG, "wgs").containsEntry("team", "germline");
        Map<String, AttributeValue> item = env.clients().dynamoDb().getItem(b -> b.tableName(LocalEnvironment.TABLE)
                .key(Map.of("requestId", AttributeValue.fromS(drop.requestId()))).consistentRead(true)).item();
        assertThat(item.get("pipeline").s()).isEqualTo("wgs");
        assertThat(lastMessage()).containsEntry("type", "BatchSubmitted").containsEntry("pipeline", "wgs");
    }

    @Test
    void a_drop_elsewhere_under_the_upload_prefix_runs_the_catch_all_pipeline() {
        Drop drop = deliver("incoming/cohort-3.json", VALID);

        assertThat(drop.pipeline()).isEqualTo("runs");
        assertThat(batchOf(drop).tags()).containsEntry(BatchNaming.PIPELINE_TAG, "runs").doesNotContainKey("team");
        assertThat(JsonReader.readObject(batchOf(drop).requestBody()).get("defaultRunSetting"))
                .isInstanceOfSatisfying(Map.class, setting -> assertThat(setting).containsEntry("workflowId", "1234567")
                        .containsEntry("outputUri", "s3://dropzone-output/runs/"));
    }

    @Test
    void a_samplesheet_drop_becomes_a_snapshot_the_batch_reads_and_reaches_batch_completed() throws Exception {
        byte[] sheet = java.nio.file.Files.readAllBytes(java.nio.file.Path.of("..", "events", "samplesheets",
                "wgs-trio.csv"));
        java.util.regex.Matcher uri = java.util.regex.Pattern.compile("s3://[^,\\s\"]+").matcher(
                new String(sheet, java.nio.charset.StandardCharsets.UTF_8));
        while (uri.find()) {
            env.createInput(uri.group()); // the FASTQs exist, as pre-flight checks them
        }
        String key = "incoming/wgs/trio-" + System.nanoTime() + ".csv";

        Drop drop = deliver(key, new String(sheet, java.nio.charset.StandardCharsets.UTF_8));

        assertThat(drop.status()).as(String.join("; ", drop.errors())).isEqualTo(DropStatus.SUBMITTED);
        assertThat(drop.requestId()).isEqualTo(new DroppedObject(LocalEnvironment.BUCKET, key,
                env.clients().s3().headObject(b -> b.bucket(LocalEnvironment.BUCKET).key(key)).eTag(), 0, null, null)
                .requestId());
        assertThat(drop.runCount()).isEqualTo(3);
        BatchView batch = batchOf(drop);
        assertThat(batch.s3UriSettings()).isEqualTo(drop.snapshot().uri()).endsWith(drop.requestId() + ".json");
        String snapshot = env.clients().s3().getObjectAsBytes(b -> b.bucket(LocalEnvironment.BUCKET)
                .key(drop.snapshot().key())).asUtf8String();
        assertThat((List<?>) JsonReader.read(snapshot)).hasSize(3).first().isInstanceOfSatisfying(Map.class, entry ->
                assertThat(entry).containsEntry("runSettingId", "NA12878").containsEntry("priority", 10L)
                        .containsEntry("runTags", Map.of("patient", "P-001")));
        assertThat(batch.tags()).containsEntry(BatchNaming.PIPELINE_TAG, "wgs");

        assertThat(env.standIns().omics().settle(drop.batchId())).isEqualTo("PROCESSED");
        // The emulator read the snapshot when the batch was submitted: one run per sheet row.
        assertThat(batchOf(drop).runs()).extracting(run -> run.runSettingId())
                .containsExactlyInAnyOrder("NA12878", "NA12891", "NA12892");
        for (String event : env.standIns().omics().events()) {
            io.omicsdropzone.handler.BatchStatusEventJson.parse(event)
                    .filter(observation -> drop.batchId().equals(observation.batchId()))
                    .ifPresent(observation -> env.dropzone(LocalEnvironment.BATCH_STATUS_FUNCTION_NAME).trackBatch()
                            .apply(observation));
        }
        assertThat(lastMessage()).containsEntry("type", "BatchCompleted").containsEntry("pipeline", "wgs")
                .containsEntry("batchId", drop.batchId());
    }

    @Test
    void the_same_samplesheet_uploaded_again_as_multipart_is_a_duplicate_of_the_first_and_starts_no_batch()
            throws Exception {
        byte[] sheet = java.nio.file.Files.readAllBytes(java.nio.file.Path.of("..", "events", "samplesheets",
                "wgs-trio.csv"));
        java.util.regex.Matcher uri = java.util.regex.Pattern.compile("s3://[^,\\s\"]+").matcher(
                new String(sheet, java.nio.charset.StandardCharsets.UTF_8));
        while (uri.find()) {
            env.createInput(uri.group());
        }
        String key = "incoming/wgs/again-" + System.nanoTime() + ".csv";
        Drop first = deliver(key, new String(sheet, java.nio.charset.StandardCharsets.UTF_8));
        long batches = env.standIns().omics().count("StartRunBatch");
        // The same bytes as a one-part multipart upload: ETag "<md5 of the part md5>-1", so another requestId.
        var s3 = env.clients().s3();
        String uploadId = s3.createMultipartUpload(b -> b.bucket(LocalEnvironment.BUCKET).key(key)).uploadId();
        String part = s3.uploadPart(b -> b.bucket(LocalEnvironment.BUCKET).key(key).uploadId(uploadId).partNumber(1),
                software.amazon.awssdk.core.sync.RequestBody.fromBytes(sheet)).eTag();
        String etag = s3.completeMultipartUpload(b -> b.bucket(LocalEnvironment.BUCKET).key(key).uploadId(uploadId)
                .multipartUpload(m -> m.parts(software.amazon.awssdk.services.s3.model.CompletedPart.builder()
                        .partNumber(1).eTag(part).build()))).eTag();
        String event = LocalEnvironment.objectCreatedEvent(LocalEnvironment.BUCKET, key, etag, sheet.length);
        List<DroppedObject> objects = S3Records.droppedObjects(S3EventJson.parse(event));

        S3DropHandler.handle(objects, env.dropzone().submitDrop(), Instant.now().plusSeconds(60));

        Drop again = env.dropzone().drops().find(objects.get(0).requestId()).orElseThrow();
        assertThat(first.status()).as(String.join("; ", first.errors())).isEqualTo(DropStatus.SUBMITTED);
        assertThat(again.status()).isEqualTo(DropStatus.DUPLICATE);
        assertThat(again.content().duplicateOf()).isEqualTo(first.requestId());
        assertThat(again.content().sha256()).isEqualTo(env.dropzone().drops().find(first.requestId()).orElseThrow()
                .content().sha256());
        assertThat(env.standIns().omics().count("StartRunBatch")).isEqualTo(batches);
        assertThat(lastMessage()).containsEntry("type", "DuplicateFile").containsEntry("requestId", first.requestId())
                .containsEntry("duplicateRequestId", again.requestId()).containsEntry("pipeline", "wgs");
    }

    @Test
    void an_invalid_samplesheet_is_rejected_with_its_rows_and_columns_and_no_batch() throws Exception {
        String sheet = new String(java.nio.file.Files.readAllBytes(java.nio.file.Path.of("..", "events",
                "samplesheets", "wgs-invalid.tsv")), java.nio.charset.StandardCharsets.UTF_8);

        Drop drop = deliver("incoming/wgs/invalid-" + System.nanoTime() + ".tsv", sheet);

        assertThat(drop.status()).isEqualTo(DropStatus.REJECTED);
        // Pre-flight checks the converted rows too: row 4's FASTQs were never uploaded (checked concurrently, so
        // their two errors come in either order).
        assertThat(drop.errors()).hasSize(4).containsExactlyInAnyOrder(
                "row 2 (sample S1), column fastq_2: empty value for a required placeholder",
                "row 3 (sample S2), column priority: 'high' is not an integer ({priority:int?})",
                "row 4 (sample S1), column fastq_1: s3://lab-input/run-43/S1b_R1.fastq.gz does not exist",
                "row 4 (sample S1), column fastq_2: s3://lab-input/run-43/S1b_R2.fastq.gz does not exist");
        assertThat(drop.errors().subList(0, 2)).containsExactly(
                "row 2 (sample S1), column fastq_2: empty value for a required placeholder",
                "row 3 (sample S2), column priority: 'high' is not an integer ({priority:int?})");
        assertThat(drop.snapshot()).isNull();
        assertThat(drop.batchId()).isNull();
        assertThat(lastMessage()).containsEntry("type", "FileRejected").containsEntry("pipeline", "wgs");
    }

    @Test
    void a_drop_under_no_pipeline_s_prefix_is_rejected_listing_the_prefixes() {
        Drop drop = deliver("elsewhere/cohort-4.json", VALID);

        assertThat(drop.status()).isEqualTo(DropStatus.REJECTED);
        assertThat(drop.errors()).containsExactly(
                "the key is under no pipeline's prefix; the known prefixes are incoming/, incoming/wgs/");
        assertThat(drop.batchId()).isNull();
        assertThat(lastMessage()).containsEntry("type", "FileRejected").doesNotContainKey("pipeline");
    }
}
