package io.omicsdropzone.handler;

import io.omicsdropzone.app.Dropzone;
import io.omicsdropzone.config.Config;
import io.omicsdropzone.domain.Drop;
import io.omicsdropzone.domain.DropResult;
import io.omicsdropzone.domain.DropStatus;
import io.omicsdropzone.domain.DroppedObject;
import io.omicsdropzone.event.S3EventJson;
import io.omicsdropzone.json.JsonReader;
import io.omicsdropzone.local.LocalEnvironment;
import io.omicsdropzone.local.StandInsTestBase;
import io.omicsdropzone.local.standins.OmicsBatchEmulator.BatchView;
import io.omicsdropzone.local.standins.SnsEndpoint.PublishedMessage;
import io.omicsdropzone.local.standins.iam.LedgerRole;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Snapshots end to end on the stand-ins: HealthOmics reads an immutable copy of exactly the validated bytes, so the
 * dropped key may be overwritten or deleted while the batch runs; snapshot keys never start a drop; identical
 * re-uploads are announced once and start nothing.
 */
class SnapshotEndToEndTest extends StandInsTestBase {

    static final String RUNS = """
            [{"runSettingId": "sample-001", "parameters": {"sample_id": "NA12878"}},
             {"runSettingId": "sample-002", "parameters": {"sample_id": "NA12891"}},
             {"runSettingId": "sample-003", "parameters": {"sample_id": "NA12892"}}]""";

    @BeforeEach
    void fresh() {
        omics.reset();
        sns.clear();
    }

    private record Upload(String key, String etag, long size, String event) {
        String requestId() {
            return new DroppedObject(LocalEnvironment.BUCKET, key, etag, size, null, null).requestId();
        }
    }

    private static Upload upload(String key, byte[] content) {
        PutObjectResponse put = env.upload(key, content);
        return new Upload(key, DroppedObject.unquote(put.eTag()), content.length,
                LocalEnvironment.objectCreatedEvent(LocalEnvironment.BUCKET, key, put.eTag(), content.length));
    }

    private static Upload upload(String key, String content) {
        return upload(key, content.getBytes(StandardCharsets.UTF_8));
    }

    private static List<DropResult> deliver(Dropzone dropzone, String event) {
        return S3DropHandler.handle(S3Records.droppedObjects(S3EventJson.parse(event)), dropzone.submitDrop(),
                Instant.now().plusSeconds(60));
    }

    private static List<DropResult> deliver(String event) {
        return deliver(env.dropzone(LocalEnvironment.SUBMIT_FUNCTION_NAME), event);
    }

    private static Drop drop(Upload upload) {
        return env.dropzone().drops().find(upload.requestId()).orElseThrow();
    }

    private static byte[] read(String key) {
        return env.clients().s3().getObjectAsBytes(b -> b.bucket(LocalEnvironment.BUCKET).key(key)).asByteArray();
    }

    private static HeadObjectResponse head(String key) {
        return env.clients().s3().headObject(b -> b.bucket(LocalEnvironment.BUCKET).key(key));
    }

    private static List<String> startRunBatchSettings() {
        return omics.calls().stream().filter(call -> call.operation().equals("StartRunBatch") && call.status() == 201)
                .map(call -> (String) ((Map<?, ?>) JsonReader.readObject(call.body()).get("batchRunSettings"))
                        .get("s3UriSettings")).toList();
    }

    private static Map<String, Object> body(PublishedMessage message) {
        return JsonReader.readObject(message.message());
    }

    @Test
    void the_snapshot_holds_the_validated_bytes_and_the_batch_reads_it() {
        Upload upload = upload("incoming/snap/cohort.json", RUNS);

        deliver(upload.event());

        Drop drop = drop(upload);
        String snapshotKey = "submitted/" + upload.requestId() + ".json";
        assertThat(drop.status()).isEqualTo(DropStatus.SUBMITTED);
        assertThat(drop.snapshot().key()).isEqualTo(snapshotKey);
        assertThat(new String(read(snapshotKey), StandardCharsets.UTF_8)).isEqualTo(RUNS);
        assertThat(drop.snapshot().etag()).isEqualTo(DroppedObject.unquote(head(snapshotKey).eTag()));
        assertThat(startRunBatchSettings()).containsExactly("s3://dropzone-input/" + snapshotKey);
        BatchView batch = omics.batch(drop.batchId()).orElseThrow();
        assertThat(batch.s3UriSettings()).isEqualTo("s3://dropzone-input/" + snapshotKey);
        assertThat(sns.published()).singleElement().satisfies(message -> assertThat(body(message))
                .containsEntry("type", "BatchSubmitted")
                .containsEntry("snapshotUri", "s3://dropzone-input/" + snapshotKey)
                .doesNotContainKey("redriveOf"));
    }

    @Test
    void overwriting_then_deleting_the_dropped_key_leaves_the_snapshot_and_the_batch_untouched() {
        Upload upload = upload("incoming/snap/overwritten.json", RUNS);
        deliver(upload.event());
        Drop drop = drop(upload);
        String snapshotEtag = head(drop.snapshot().key()).eTag();

        // The batch is still CREATING: HealthOmics has not validated the run settings yet.
        env.upload(upload.key(), "[{\"runSettingId\": \"typo-fixed\"}]");
        assertThat(omics.advance(drop.batchId())).isEqualTo("PENDING");
        env.clients().s3().deleteObject(b -> b.bucket(LocalEnvironment.BUCKET).key(upload.key()));
        String end = omics.settle(drop.batchId());

        assertThat(end).isEqualTo("PROCESSED");
        BatchView batch = omics.batch(drop.batchId()).orElseThrow();
        assertThat(batch.totalRuns()).isEqualTo(3);
        assertThat(batch.failureMessage()).isNull();
        assertThat(head(drop.snapshot().key()).eTag()).isEqualTo(snapshotEtag);
        assertThat(new String(read(drop.snapshot().key()), StandardCharsets.UTF_8)).isEqualTo(RUNS);
    }

    @Test
    void an_event_under_the_snapshot_prefix_is_ignored() {
        Upload upload = upload("incoming/snap/original.json", RUNS);
        deliver(upload.event());
        sns.clear();
        Drop drop = drop(upload);
        HeadObjectResponse snapshot = head(drop.snapshot().key());
        String snapshotEvent = LocalEnvironment.objectCreatedEvent(LocalEnvironment.BUCKET, drop.snapshot().key(),
                snapshot.eTag(), snapshot.contentLength());

        List<DropResult> results = deliver(snapshotEvent);

        assertThat(results).singleElement().extracting(DropResult::action).isEqualTo(DropResult.Action.IGNORED);
        assertThat(startRunBatchSettings()).hasSize(1);
        assertThat(sns.published()).isEmpty();
        String snapshotRequestId = new DroppedObject(LocalEnvironment.BUCKET, drop.snapshot().key(), snapshot.eTag(),
                0, null, null).requestId();
        assertThat(env.dropzone().drops().find(snapshotRequestId)).isEmpty();
    }

    @Test
    void a_file_above_the_single_copy_threshold_is_copied_in_parts() {
        // 5 MiB is S3's smallest part; a ~11 MiB file becomes a three-part copy.
        Config config = Config.fromEnvironment(Map.of(Config.TABLE_NAME, env.config().tableName(),
                Config.TOPIC_ARN, env.config().topicArn(), Config.DEFAULT_RUN_SETTING,
                LocalEnvironment.DEFAULT_RUN_SETTING, Config.SNAPSHOT_MULTIPART_THRESHOLD, Long.toString(5L << 20)));
        Dropzone small = new Dropzone(config, env.clients(LedgerRole.SUBMIT));
        StringBuilder json = new StringBuilder("[");
        String pad = "x".repeat(300);
        for (int i = 0; json.length() < 11 << 20; i++) {
            json.append(i == 0 ? "" : ",\n").append("{\"runSettingId\": \"s-").append(i)
                    .append("\", \"parameters\": {\"pad\": \"").append(pad).append("\"}}");
        }
        byte[] content = json.append("]").toString().getBytes(StandardCharsets.UTF_8);
        Upload upload = upload("incoming/snap/large.json", content);

        deliver(small, upload.event());

        Drop drop = drop(upload);
        assertThat(drop.status()).isEqualTo(DropStatus.SUBMITTED);
        HeadObjectResponse snapshot = head(drop.snapshot().key());
        assertThat(snapshot.eTag()).endsWith("-3\""); // a multipart ETag: MD5 of the part MD5s, then the part count
        assertThat(snapshot.contentLength()).isEqualTo(content.length);
        assertThat(read(drop.snapshot().key())).isEqualTo(content);
        assertThat(drop.snapshot().etag()).isEqualTo(DroppedObject.unquote(snapshot.eTag()));
        assertThat(startRunBatchSettings()).containsExactly(drop.snapshot().uri());
        assertThat(omics.settle(drop.batchId())).isEqualTo("PROCESSED");
    }

    @Test
    void an_identical_re_upload_is_announced_once_and_starts_no_batch() {
        Upload first = upload("incoming/snap/daily.json", RUNS);
        deliver(first.event());
        Upload again = upload("incoming/snap/daily.json", RUNS); // a new PUT: same bytes, same ETag, new sequencer
        assertThat(again.etag()).isEqualTo(first.etag());

        List<DropResult> announced = deliver(again.event());
        List<DropResult> redelivered = deliver(again.event());
        List<DropResult> originalRedelivered = deliver(first.event());

        assertThat(announced).singleElement().extracting(DropResult::action).isEqualTo(DropResult.Action.DUPLICATE);
        assertThat(redelivered).singleElement().extracting(DropResult::action)
                .isEqualTo(DropResult.Action.ALREADY_SETTLED);
        assertThat(originalRedelivered).singleElement().extracting(DropResult::action)
                .isEqualTo(DropResult.Action.ALREADY_SETTLED);
        assertThat(startRunBatchSettings()).hasSize(1);
        assertThat(sns.published()).extracting(message -> message.attributes().get("type"))
                .containsExactly("BatchSubmitted", "DuplicateFile");
        Drop drop = drop(first);
        Map<String, Object> duplicate = body(sns.published().get(1));
        assertThat(duplicate).containsEntry("requestId", first.requestId())
                .containsEntry("key", "incoming/snap/daily.json")
                .containsEntry("status", "SUBMITTED")
                .containsEntry("batchId", drop.batchId())
                .containsEntry("snapshotUri", drop.snapshot().uri());
        assertThat((String) duplicate.get("message")).contains("redrive " + first.requestId());
        assertThat(sns.published().get(1).attributes().get("notificationId")).startsWith("DuplicateFile:" + first.requestId() + ":");
        assertThat(drop.duplicateUploads()).hasSize(1);
    }
}
