package io.omicsdropzone.domain.pipeline;

import io.omicsdropzone.config.PipelinesFile;
import io.omicsdropzone.domain.BatchNaming;
import io.omicsdropzone.domain.BatchRequest;
import io.omicsdropzone.domain.Disclosure;
import io.omicsdropzone.domain.DropResult;
import io.omicsdropzone.domain.DropStatus;
import io.omicsdropzone.domain.DroppedObject;
import io.omicsdropzone.domain.Notification;
import io.omicsdropzone.domain.SubmitDrop;
import io.omicsdropzone.domain.fakes.Fakes.MemoryBatches;
import io.omicsdropzone.domain.fakes.Fakes.MemoryStore;
import io.omicsdropzone.domain.fakes.Fakes.MutableClock;
import io.omicsdropzone.domain.fakes.Fakes.RecordingNotifier;
import io.omicsdropzone.domain.fakes.InMemoryDrops;
import io.omicsdropzone.json.JsonReader;
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
               "defaultRunSetting": {"workflowId": "1111111", "runGroupId": "7777777"}},
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

    DropResult drop(String key) {
        String etag = Integer.toHexString(key.hashCode());
        store.put(BUCKET, key, etag, VALID);
        SubmitDrop submit = new SubmitDrop(drops, store, omics, notifier, PIPELINES, Disclosure.FULL, clock,
                Duration.ofMinutes(15), clock::advance, null);
        return submit.handle(new DroppedObject(BUCKET, key, etag, VALID.length(), null, "01"),
                clock.instant().plus(Duration.ofMinutes(14)));
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
