package io.omicsdropzone.app.metrics;

import io.omicsdropzone.config.PipelinesFile;
import io.omicsdropzone.disclosure.Disclosure;
import io.omicsdropzone.domain.DropResult;
import io.omicsdropzone.domain.DroppedObject;
import io.omicsdropzone.domain.fakes.Fakes.MemoryBatches;
import io.omicsdropzone.domain.fakes.Fakes.MemorySnapshots;
import io.omicsdropzone.domain.fakes.Fakes.MemoryStore;
import io.omicsdropzone.domain.fakes.Fakes.MutableClock;
import io.omicsdropzone.domain.fakes.Fakes.RecordingNotifier;
import io.omicsdropzone.domain.fakes.InMemoryDrops;
import io.omicsdropzone.domain.pipeline.DefaultRunSetting;
import io.omicsdropzone.domain.pipeline.Pipelines;
import io.omicsdropzone.domain.snapshot.Snapshots;
import io.omicsdropzone.domain.submission.SubmitDrop;
import io.omicsdropzone.handler.S3DropHandler;
import io.omicsdropzone.metrics.EmfDocument;
import io.omicsdropzone.metrics.EmfWriter;
import io.omicsdropzone.spool.MemorySpool;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.within;

/** The submit path's metrics, from the use case on fakes of our own ports to EMF lines read back. */
class SubmitPathMetricsTest {

    static final String BUCKET = "dropzone-input";
    static final String ETAG = "0123456789abcdef0123456789abcdef";
    static final String VALID = """
            [{"runSettingId":"S1","parameters":{"sample":"S1"}},
             {"runSettingId":"S2","parameters":{"sample":"S2"}},
             {"runSettingId":"S3","parameters":{"sample":"S3"}}]""";
    static final String INVALID = "[{\"runSettingId\":\"S1\"},{\"runSettingId\":\"S1\"}]";
    static final DefaultRunSetting SETTING = new DefaultRunSetting("1234567",
            "arn:aws:iam::123456789012:role/omics-runs",
            "{\"workflowId\":\"1234567\",\"roleArn\":\"arn:aws:iam::123456789012:role/omics-runs\"}");

    final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
    final InMemoryDrops drops = new InMemoryDrops();
    final MemoryStore store = new MemoryStore();
    final MemoryBatches omics = new MemoryBatches();
    final List<String> lines = new ArrayList<>();
    final EmfWriter emf = EmfWriter.forFunction(lines::add, "omics-dropzone-Submit", clock);
    final DropOutcomeMetrics outcomes = new DropOutcomeMetrics(emf);
    final SubmitDrop submitDrop = new SubmitDrop(new SubmitDrop.Ports(drops,
            new MeteredRunSettingsStore(store, emf, clock), new Snapshots(new MemorySnapshots(store),
            Snapshots.DEFAULT_PREFIX), omics, new RecordingNotifier(), new MemorySpool()), Pipelines.single(SETTING),
            Disclosure.FULL, null, clock, Duration.ofMinutes(15), clock::advance);

    DroppedObject dropped(String key, String content) {
        store.put(BUCKET, key, ETAG, content);
        return new DroppedObject(BUCKET, key, ETAG, content.length(), null, null);
    }

    List<EmfDocument> documents() {
        return lines.stream().map(EmfDocument::parse).toList();
    }

    @Test
    void a_submitted_drop_writes_its_validation_and_its_outcome() {
        DroppedObject cohort = dropped("incoming/cohort-42.json", VALID);
        Instant eventTime = clock.instant();
        clock.advance(Duration.ofSeconds(3)); // the event's way to the function
        store.onOpen = () -> clock.advance(Duration.ofSeconds(2)); // the read takes 2 s

        S3DropHandler.handle(List.of(cohort), submitDrop, clock.instant().plusSeconds(600),
                outcomes.forEvents(Map.of(cohort, eventTime)));

        List<EmfDocument> documents = documents();
        assertThat(documents).hasSize(2).allSatisfy(document -> {
            assertThat(document.namespace()).isEqualTo("OmicsDropzone");
            assertThat(document.dimensionSets()).containsExactly(List.of("Function"));
            assertThat(document.dimension("Function")).isEqualTo("omics-dropzone-Submit");
        });
        EmfDocument validation = documents.get(0);
        assertThat(validation.units()).containsExactly(entry("ValidationSeconds", "Seconds"),
                entry("ValidationThroughput", "Megabytes/Second"));
        assertThat(validation.value("ValidationSeconds")).isEqualTo(2.0);
        assertThat(validation.value("ValidationThroughput")).isCloseTo(VALID.length() / 1e6 / 2, within(1e-12));

        EmfDocument outcome = documents.get(1);
        assertThat(outcome.units()).containsExactly(entry("DropsReceived", "Count"),
                entry("BatchesSubmitted", "Count"), entry("FilesRejected", "Count"),
                entry("SubmissionsFailed", "Count"), entry("RunsSubmitted", "Count"),
                entry("DropToSubmittedSeconds", "Seconds"));
        assertThat(outcome.value("DropsReceived")).isEqualTo(1);
        assertThat(outcome.value("BatchesSubmitted")).isEqualTo(1);
        assertThat(outcome.value("FilesRejected")).isZero();
        assertThat(outcome.value("SubmissionsFailed")).isZero();
        assertThat(outcome.value("RunsSubmitted")).isEqualTo(3);
        assertThat(outcome.value("DropToSubmittedSeconds")).isEqualTo(5.0);
    }

    @Test
    void a_rejected_file_counts_as_received_and_rejected_without_runs_or_latency() {
        DroppedObject invalid = dropped("incoming/bad.json", INVALID);

        S3DropHandler.handle(List.of(invalid), submitDrop, clock.instant().plusSeconds(600),
                outcomes.forEvents(Map.of()));

        EmfDocument outcome = documents().get(documents().size() - 1);
        assertThat(outcome.units()).containsOnlyKeys("DropsReceived", "BatchesSubmitted", "FilesRejected",
                "SubmissionsFailed");
        assertThat(outcome.value("DropsReceived")).isEqualTo(1);
        assertThat(outcome.value("FilesRejected")).isEqualTo(1);
        assertThat(outcome.value("BatchesSubmitted")).isZero();
    }

    @Test
    void a_repeated_delivery_counts_only_as_a_duplicate_and_ignored_keys_write_nothing() {
        DroppedObject cohort = dropped("incoming/cohort-42.json", VALID);
        DroppedObject notes = new DroppedObject(BUCKET, "incoming/notes.txt", ETAG, 5, null, null);
        S3DropHandler.handle(List.of(cohort), submitDrop, clock.instant().plusSeconds(600),
                outcomes.forEvents(Map.of()));
        lines.clear();

        List<DropResult> results = S3DropHandler.handle(List.of(cohort, notes), submitDrop,
                clock.instant().plusSeconds(600), outcomes.forEvents(Map.of()));

        assertThat(results).extracting(DropResult::action)
                .containsExactly(DropResult.Action.ALREADY_SETTLED, DropResult.Action.IGNORED);
        assertThat(documents()).singleElement().satisfies(document -> {
            assertThat(document.units()).containsOnlyKeys("DuplicatesSkipped");
            assertThat(document.value("DuplicatesSkipped")).isEqualTo(1);
        });
    }

    @Test
    void a_drop_resumed_with_a_later_event_measures_latency_from_its_first_claim() {
        DroppedObject cohort = dropped("incoming/cohort-42.json", VALID);
        omics.failNextStart(new io.omicsdropzone.domain.batch.BatchApiException(
                io.omicsdropzone.domain.batch.BatchApiException.Kind.THROTTLING, "ThrottlingException", 429, "slow down",
                null));
        Instant firstClaim = clock.instant();
        try {
            S3DropHandler.handle(List.of(cohort), submitDrop, clock.instant().plusSeconds(600),
                    outcomes.forEvents(Map.of(cohort, firstClaim)));
        } catch (RuntimeException retryable) {
            // the first delivery fails and writes no outcome
        }
        clock.advance(Duration.ofMinutes(30));
        lines.clear();

        S3DropHandler.handle(List.of(cohort), submitDrop, clock.instant().plusSeconds(600),
                outcomes.forEvents(Map.of(cohort, clock.instant())));

        EmfDocument outcome = documents().get(documents().size() - 1);
        assertThat(outcome.value("BatchesSubmitted")).isEqualTo(1);
        assertThat(outcome.value("DropToSubmittedSeconds")).isEqualTo(1800.0);
    }

    @Test
    void a_drop_routed_to_a_named_pipeline_carries_the_pipeline_dimension_beside_the_function() {
        Pipelines pipelines = PipelinesFile.parse("""
                {"pipelines": [{"name": "wgs", "keyPrefix": "incoming/wgs/",
                                "defaultRunSetting": {"workflowId": "1111111"}}]}""",
                new PipelinesFile.Defaults("arn:aws:iam::123456789012:role/stack", "s3://out/runs/"));
        SubmitDrop routed = new SubmitDrop(new SubmitDrop.Ports(drops, store, new Snapshots(new MemorySnapshots(store),
                Snapshots.DEFAULT_PREFIX), omics, new RecordingNotifier(), new MemorySpool()), pipelines,
                Disclosure.FULL, null, clock, Duration.ofMinutes(15), clock::advance);
        DroppedObject sample = dropped("incoming/wgs/trio.json", VALID);

        S3DropHandler.handle(List.of(sample), routed, clock.instant().plusSeconds(600), outcomes.forEvents(Map.of()));

        EmfDocument outcome = documents().get(documents().size() - 1);
        assertThat(outcome.dimensionSets()).containsExactly(List.of("Function"), List.of("Function", "Pipeline"));
        assertThat(outcome.dimension("Function")).isEqualTo("omics-dropzone-Submit");
        assertThat(outcome.dimension("Pipeline")).isEqualTo("wgs");
        assertThat(outcome.value("BatchesSubmitted")).isEqualTo(1);
        assertThat(outcome.value("RunsSubmitted")).isEqualTo(3);
    }
}
