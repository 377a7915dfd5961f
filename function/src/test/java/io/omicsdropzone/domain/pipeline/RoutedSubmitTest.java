package io.omicsdropzone.domain.pipeline;

import io.omicsdropzone.config.PipelinesFile;
import io.omicsdropzone.disclosure.Disclosure;
import io.omicsdropzone.domain.DropResult;
import io.omicsdropzone.domain.DropStatus;
import io.omicsdropzone.domain.DroppedObject;
import io.omicsdropzone.domain.batch.BatchNaming;
import io.omicsdropzone.domain.batch.BatchRequest;
import io.omicsdropzone.domain.fakes.Fakes.MemoryBatches;
import io.omicsdropzone.domain.fakes.Fakes.MemorySnapshots;
import io.omicsdropzone.domain.fakes.Fakes.MemoryStore;
import io.omicsdropzone.domain.fakes.Fakes.MutableClock;
import io.omicsdropzone.domain.fakes.Fakes.RecordingNotifier;
import io.omicsdropzone.domain.fakes.InMemoryDrops;
import io.omicsdropzone.domain.notification.Notification;
import io.omicsdropzone.domain.snapshot.Snapshots;
import io.omicsdropzone.domain.submission.SubmitDrop;
import io.omicsdropzone.json.JsonReader;
import io.omicsdropzone.spool.MemorySpool;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The submit path routed by a pipelines file: which workflow, tags and name a drop gets, and what has no pipeline. */
class RoutedSubmitTest {

    static final String BUCKET = "dropzone-input";
    static final String VALID = "[{\"runSettingId\":\"S1\"},{\"runSettingId\":\"S2\"}]";
    static final Pipelines PIPELINES = PipelinesFile.parse("""
            {"pipelines": [
              {"name": "wgs", "keyPrefix": "incoming/wgs/", "batchTags": {"team": "germline"},
               "defaultRunSetting": {"workflowId": "1111111", "runGroupId": "7777777"},
               "samplesheet": {"columns": ["sample", "fastq_1"],
                               "runSetting": {"runSettingId": "{sample}", "parameters": {"reads": "{fastq_1}"}}}},
              {"name": "wgs-tumor", "keyPrefix": "incoming/wgs/tumor/",
               "defaultRunSetting": {"workflowId": "2222222"}},
              {"name": "rnaseq", "keyPrefix": "incoming/rnaseq/",
               "serviceRoleArn": "arn:aws:iam::123456789012:role/rnaseq-omics",
               "defaultRunSetting": {"workflowId": "3333333", "cacheId": "5555555"}}]}""",
            new PipelinesFile.Defaults("arn:aws:iam::123456789012:role/stack", "s3://out/runs/"));

    final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
    final InMemoryDrops drops = new InMemoryDrops();
    final MemoryStore store = new MemoryStore();
    final MemoryBatches omics = new MemoryBatches();
    final RecordingNotifier notifier = new RecordingNotifier();
    final MemorySnapshots snapshotStore = new MemorySnapshots(store);

    DropResult drop(String key) {
        return drop(key, VALID);
    }

    DropResult drop(String key, String content) {
        String etag = Integer.toHexString((key + content).hashCode());
        store.put(BUCKET, key, etag, content);
        SubmitDrop submit = new SubmitDrop(new SubmitDrop.Ports(drops, store,
                new Snapshots(snapshotStore, Snapshots.DEFAULT_PREFIX), omics, notifier, new MemorySpool()), PIPELINES,
                Disclosure.FULL, null, clock, Duration.ofMinutes(15), clock::advance);
        return submit.handle(new DroppedObject(BUCKET, key, etag, content.length(), null, "01"),
                clock.instant().plus(Duration.ofMinutes(14)));
    }

    static String read(java.io.InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void each_drop_runs_its_pipeline_s_workflow_role_and_tags_and_records_the_pipeline_name() {
        DropResult tumor = drop("incoming/wgs/tumor/s1.json");
        DropResult rnaseq = drop("incoming/rnaseq/batch.json");

        assertThat(omics.startCalls).hasSize(2);
        BatchRequest first = omics.startCalls.get(0);
        Map<String, Object> setting = JsonReader.readObject(first.defaultRunSetting().json());
        assertThat(setting).containsEntry("workflowId", "2222222")
                .containsEntry("roleArn", "arn:aws:iam::123456789012:role/stack")
                .containsEntry("outputUri", "s3://out/runs/wgs-tumor/");
        assertThat(JsonReader.readObject(io.omicsdropzone.json.JsonWriter.write(setting.get("runTags"))))
                .containsEntry(BatchNaming.PIPELINE_TAG, "wgs-tumor");
        assertThat(first.tags()).containsEntry(BatchNaming.PIPELINE_TAG, "wgs-tumor").doesNotContainKey("team");
        BatchRequest second = omics.startCalls.get(1);
        assertThat(JsonReader.readObject(second.defaultRunSetting().json())).containsEntry("workflowId", "3333333")
                .containsEntry("roleArn", "arn:aws:iam::123456789012:role/rnaseq-omics")
                .containsEntry("cacheId", "5555555");
        assertThat(tumor.drop().pipeline()).isEqualTo("wgs-tumor");
        assertThat(drops.get(rnaseq.drop().requestId()).pipeline()).isEqualTo("rnaseq");
        assertThat(notifier.published).extracting(n -> n.body().get("pipeline")).containsExactly("wgs-tumor", "rnaseq");
    }

    @Test
    void a_pipeline_s_batch_tags_are_added_and_the_dropzone_s_own_tags_stay() {
        drop("incoming/wgs/trio.json");

        assertThat(omics.startCalls).singleElement().satisfies(call -> assertThat(call.tags())
                .containsEntry("team", "germline").containsEntry(BatchNaming.PIPELINE_TAG, "wgs")
                .containsKey(BatchNaming.REQUEST_ID_TAG).containsKey(BatchNaming.TAG_PREFIX + "source-etag"));
    }

    @Test
    void a_samplesheet_becomes_the_drop_s_snapshot_and_the_batch_reads_it() {
        DropResult result = drop("incoming/wgs/run-42.csv", "sample,fastq_1\r\nS1,s3://in/S1.fq\r\nS2,s3://in/S2.fq\r\n");

        assertThat(result.drop().status()).isEqualTo(DropStatus.SUBMITTED);
        assertThat(result.drop().runCount()).isEqualTo(2);
        String snapshotKey = Snapshots.DEFAULT_PREFIX + result.drop().requestId() + ".json";
        assertThat(result.drop().snapshot().key()).isEqualTo(snapshotKey);
        assertThat(omics.startCalls).singleElement().satisfies(call -> {
            assertThat(call.requestId()).isEqualTo(result.drop().requestId());
            assertThat(call.s3UriSettings()).isEqualTo("s3://" + BUCKET + "/" + snapshotKey);
            assertThat(call.batchName()).isEqualTo("run-42");
        });
        assertThat(JsonReader.read(read(snapshotStore.open(result.drop().snapshot()))))
                .isEqualTo(JsonReader.read("[{\"runSettingId\":\"S1\",\"parameters\":{\"reads\":\"s3://in/S1.fq\"}},"
                        + "{\"runSettingId\":\"S2\",\"parameters\":{\"reads\":\"s3://in/S2.fq\"}}]"));
        assertThat(notifier.published).singleElement().satisfies(n -> assertThat(n.body())
                .containsEntry("type", "BatchSubmitted").containsEntry("pipeline", "wgs"));
    }

    @Test
    void an_invalid_samplesheet_is_rejected_with_errors_on_its_rows_and_no_snapshot() {
        DropResult result = drop("incoming/wgs/run-43.tsv", "sample\tfastq_1\nS1\t\nS2\ts3://in/S2.fq\nS2\ts3://in/x.fq\n");

        assertThat(result.drop().status()).isEqualTo(DropStatus.REJECTED);
        assertThat(result.drop().errors()).containsExactly(
                "row 2 (sample S1), column fastq_1: empty value for a required placeholder",
                "row 4: sample 'S2' repeats row 3 (runSettingId must be unique)");
        assertThat(result.drop().errorCount()).isEqualTo(2);
        assertThat(result.drop().snapshot()).isNull();
        assertThat(store.head(BUCKET, Snapshots.DEFAULT_PREFIX + result.drop().requestId() + ".json")).isEmpty();
        assertThat(omics.startCalls).isEmpty();
        assertThat(notifier.types()).containsExactly(Notification.FILE_REJECTED);
    }

    @Test
    void a_samplesheet_for_a_pipeline_without_a_template_is_rejected() {
        DropResult result = drop("incoming/rnaseq/run-44.csv", "sample\nS1\n");

        assertThat(result.drop().status()).isEqualTo(DropStatus.REJECTED);
        assertThat(result.drop().errors()).containsExactly("pipeline 'rnaseq' takes no samplesheets (it has no"
                + " samplesheet template): drop run-settings JSON under incoming/rnaseq/ instead");
    }

    @Test
    void a_drop_under_no_prefix_is_rejected_listing_the_known_prefixes() {
        DropResult result = drop("incoming/exome/s1.json");

        assertThat(result.drop().status()).isEqualTo(DropStatus.REJECTED);
        assertThat(result.drop().errors()).containsExactly("the key is under no pipeline's prefix; the known prefixes"
                + " are incoming/rnaseq/, incoming/wgs/, incoming/wgs/tumor/");
        assertThat(result.drop().pipeline()).isNull();
        assertThat(omics.startCalls).isEmpty();
        assertThat(notifier.types()).containsExactly(Notification.FILE_REJECTED);
        assertThat(notifier.published.get(0).body()).doesNotContainKey("pipeline");
    }
}
