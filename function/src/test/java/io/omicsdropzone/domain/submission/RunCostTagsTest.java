package io.omicsdropzone.domain.submission;

import io.omicsdropzone.disclosure.Disclosure;
import io.omicsdropzone.domain.DroppedObject;
import io.omicsdropzone.domain.batch.BatchNaming;
import io.omicsdropzone.domain.fakes.Fakes.MemoryBatches;
import io.omicsdropzone.domain.fakes.Fakes.MemorySnapshots;
import io.omicsdropzone.domain.fakes.Fakes.MemoryStore;
import io.omicsdropzone.domain.fakes.Fakes.MutableClock;
import io.omicsdropzone.domain.fakes.Fakes.RecordingNotifier;
import io.omicsdropzone.domain.fakes.InMemoryDrops;
import io.omicsdropzone.domain.pipeline.DefaultRunSetting;
import io.omicsdropzone.domain.pipeline.Pipelines;
import io.omicsdropzone.domain.snapshot.Snapshots;
import io.omicsdropzone.json.JsonReader;
import io.omicsdropzone.spool.MemorySpool;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Every batch's runs carry their drop's request id, so HealthOmics spend can be grouped by drop. */
class RunCostTagsTest {

    static final DefaultRunSetting SETTING = new DefaultRunSetting("1234567",
            "arn:aws:iam::123456789012:role/omics-runs",
            "{\"workflowId\":\"1234567\",\"roleArn\":\"arn:aws:iam::123456789012:role/omics-runs\","
                    + "\"storageCapacity\":1200,"
                    + "\"runTags\":{\"team\":\"genomics\",\"omics-dropzone:request-id\":\"x\"}}");

    final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
    final InMemoryDrops drops = new InMemoryDrops();
    final MemoryStore store = new MemoryStore();
    final MemoryBatches omics = new MemoryBatches();

    @Test
    void the_request_id_is_merged_into_the_default_run_tags_of_every_start_run_batch() {
        store.put("b", "incoming/cohort.json", "etag", "[{\"runSettingId\":\"S1\"}]");
        DroppedObject object = new DroppedObject("b", "incoming/cohort.json", "etag", 23, null, null);
        SubmitDrop submit = new SubmitDrop(new SubmitDrop.Ports(drops, store,
                new Snapshots(new MemorySnapshots(store), Snapshots.DEFAULT_PREFIX), omics, new RecordingNotifier(),
                new MemorySpool()), Pipelines.single(SETTING), Disclosure.FULL, null, clock, Duration.ofMinutes(15),
                clock::advance);

        submit.handle(object, clock.instant().plusSeconds(600));

        assertThat(omics.startCalls).singleElement().satisfies(request -> {
            Map<String, Object> setting = JsonReader.readObject(request.defaultRunSetting().json());
            // the configured tags stay; the dropzone's key is the drop's, whatever the configuration said
            assertThat(setting.get("runTags")).isEqualTo(Map.of("team", "genomics",
                    "omics-dropzone:request-id", object.requestId()));
            assertThat(setting).containsEntry("storageCapacity", 1200L).containsEntry("workflowId", "1234567");
            assertThat(request.tags()).containsEntry("omics-dropzone:request-id", object.requestId());
        });
    }

    @Test
    void merging_is_deterministic_so_a_resumed_call_sends_the_same_setting() {
        DefaultRunSetting plain = new DefaultRunSetting("1", "arn:aws:iam::123456789012:role/r",
                "{\"workflowId\":\"1\",\"roleArn\":\"arn:aws:iam::123456789012:role/r\"}");

        String first = plain.withRunTags(BatchNaming.runTags("abc")).json();

        assertThat(first).isEqualTo(plain.withRunTags(BatchNaming.runTags("abc")).json())
                .isEqualTo("{\"workflowId\":\"1\",\"roleArn\":\"arn:aws:iam::123456789012:role/r\","
                        + "\"runTags\":{\"omics-dropzone:request-id\":\"abc\"}}");
    }
}
