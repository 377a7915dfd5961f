package io.omicsdropzone.cli;

import io.omicsdropzone.aws.LambdaDropResumer;
import io.omicsdropzone.aws.SnsNotifier;
import io.omicsdropzone.disclosure.Disclosure;
import io.omicsdropzone.domain.Drop;
import io.omicsdropzone.domain.DropStatus;
import io.omicsdropzone.domain.DroppedObject;
import io.omicsdropzone.domain.batch.BatchObservation;
import io.omicsdropzone.domain.redrive.RedriveDrop.Options;
import io.omicsdropzone.domain.redrive.RedriveDrop;
import io.omicsdropzone.domain.tracking.SweepStuckDrops;
import io.omicsdropzone.event.ResumeEvent;
import io.omicsdropzone.event.S3EventJson;
import io.omicsdropzone.handler.BatchStatusEventJson;
import io.omicsdropzone.handler.S3DropHandler;
import io.omicsdropzone.handler.S3Records;
import io.omicsdropzone.json.JsonReader;
import io.omicsdropzone.local.LocalEnvironment;
import io.omicsdropzone.local.StandInsTestBase;
import io.omicsdropzone.local.standins.OmicsFault;
import io.omicsdropzone.local.standins.SnsEndpoint.PublishedMessage;
import io.omicsdropzone.local.standins.faults.FaultRule;
import io.omicsdropzone.local.standins.faults.ServiceError;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 17, gaps 4 and 5, on the stand-ins (in-process, as the CLI's {@code redrive} runs): a run is re-driven at most
 * once from the same original whatever the flags and however many re-drives run at once; entries never submitted
 * (cancelled while SUBMITTING) join with --include-cancelled; a batch not yet recorded as ended is read first; the
 * batch's counters are checked; a FAILED drop whose batch exists is corrected, not re-driven.
 */
class RedriveOnceEndToEndTest extends StandInsTestBase {

    static final String RUNS = """
            [{"runSettingId": "sample-001", "parameters": {"sample_id": "NA12878"}},
             {"runSettingId": "sample-002", "parameters": {"sample_id": "NA12891"}},
             {"runSettingId": "sample-003", "parameters": {"sample_id": "NA12892"}}]""";

    @BeforeEach
    void fresh() {
        omics.reset();
        sns.clear();
    }

    private static Drop dropped(String key) {
        PutObjectResponse put = env.upload(key, RUNS);
        String event = LocalEnvironment.objectCreatedEvent(LocalEnvironment.BUCKET, key, put.eTag(), RUNS.length());
        S3DropHandler.handle(S3Records.droppedObjects(S3EventJson.parse(event)), env.dropzone().submitDrop(),
                Instant.now().plusSeconds(60));
        return reload(new DroppedObject(LocalEnvironment.BUCKET, key, put.eTag(), 0, null, null).requestId());
    }

    private static Drop reload(String requestId) {
        return env.dropzone().drops().find(requestId).orElseThrow();
    }

    /** Lets the status handler record the batch's events, as EventBridge would. */
    private static Drop recorded(Drop drop) {
        for (String event : omics.events()) {
            BatchStatusEventJson.parse(event).filter(observation -> observation.batchId().equals(drop.batchId()))
                    .ifPresent(observation -> env.dropzone().trackBatch().apply(observation));
        }
        return reload(drop.requestId());
    }

    /** Submission of sample-001 fails; the other two are submitted, then the batch is cancelled. */
    private static Drop cancelledWithAFailedSubmission(String key) {
        omics.failSubmissionOf("sample-001"::equals, "ValidationException", "Unknown parameter sample_id");
        Drop original = dropped(key);
        omics.advance(original.batchId()); // PENDING
        omics.advance(original.batchId()); // SUBMITTING
        omics.advance(original.batchId()); // runs submitted, INPROGRESS
        env.clients().omics().cancelRunBatch(original.batchId());
        omics.settle(original.batchId());
        omics.clearFaults();
        Drop ended = recorded(original);
        assertThat(ended.batchStatus()).isEqualTo("CANCELLED");
        return ended;
    }

    private static RedriveDrop.Outcome redrive(String id, boolean includeCancelled) {
        return env.dropzone().redriveDrop().redrive(id, new Options(includeCancelled, false),
                Instant.now().plusSeconds(60));
    }

    private static List<String> runSettingIdsIn(Drop redrive) {
        String json = env.clients().s3().getObjectAsBytes(b -> b.bucket(LocalEnvironment.BUCKET)
                .key(redrive.snapshot().key())).asUtf8String();
        return ((List<?>) JsonReader.read(json)).stream()
                .map(entry -> (String) ((Map<?, ?>) entry).get("runSettingId")).toList();
    }

    /** How often each runSettingId of {@code original} was started again, over every re-drive batch. */
    private static Map<String, Integer> redrivenRuns(Drop original) {
        Map<String, Integer> counts = new HashMap<>();
        for (String child : reload(original.requestId()).redrives()) {
            Drop redrive = reload(child);
            if (redrive.batchId() != null) {
                runSettingIdsIn(redrive).forEach(id -> counts.merge(id, 1, Integer::sum));
            }
        }
        return counts;
    }

    @Test
    void a_run_redriven_once_is_not_redriven_again_with_other_flags() {
        Drop original = cancelledWithAFailedSubmission("incoming/once/flags.json");

        RedriveDrop.Outcome first = redrive(original.requestId(), false);
        RedriveDrop.Outcome second = redrive(original.requestId(), true);
        RedriveDrop.Outcome third = redrive(original.requestId(), true);

        Drop failedOnly = ((RedriveDrop.Redriven) first).redrive();
        assertThat(runSettingIdsIn(failedOnly)).containsExactly("sample-001");
        RedriveDrop.Redriven withCancelled = (RedriveDrop.Redriven) second;
        assertThat(runSettingIdsIn(withCancelled.redrive())).containsExactlyInAnyOrder("sample-002", "sample-003");
        assertThat(withCancelled.note()).contains("already re-driven by " + failedOnly.requestId());
        assertThat(third).isInstanceOf(RedriveDrop.Redriven.class);
        assertThat(((RedriveDrop.Redriven) third).existed()).isTrue();
        assertThat(redrivenRuns(original)).containsOnly(Map.entry("sample-001", 1), Map.entry("sample-002", 1),
                Map.entry("sample-003", 1));
        assertThat(omics.batches()).hasSize(3);
    }

    @Test
    void concurrent_redrives_with_mixed_flags_start_each_run_once_and_never_rewrite_a_snapshot() throws Exception {
        Drop original = cancelledWithAFailedSubmission("incoming/once/concurrent.json");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Object>> results = new ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) {
                boolean includeCancelled = i % 2 == 0;
                Callable<Object> task = () -> {
                    start.await();
                    try {
                        return redrive(original.requestId(), includeCancelled);
                    } catch (RuntimeException e) {
                        return e; // busy: another re-drive holds the same drop's lease
                    }
                };
                results.add(pool.submit(task));
            }
            start.countDown();
            for (Future<Object> result : results) {
                result.get();
            }
        } finally {
            pool.shutdown();
        }
        redrive(original.requestId(), true); // whatever was left busy finishes now
        redrive(original.requestId(), false);

        Map<String, Integer> runs = redrivenRuns(original);
        assertThat(runs.values()).as("each run in one re-drive batch: " + runs).allMatch(count -> count == 1);
        assertThat(runs).containsOnlyKeys("sample-001", "sample-002", "sample-003");
        for (String child : reload(original.requestId()).redrives()) {
            Drop redrive = reload(child);
            if (redrive.batchId() != null) {
                assertThat(omics.settle(redrive.batchId())).as("the snapshot was not changed under the batch")
                        .isEqualTo("PROCESSED");
            }
        }
    }

    @Test
    void entries_never_submitted_because_the_batch_was_cancelled_while_submitting_join_with_include_cancelled() {
        omics.submissionsPerStep(1);
        Drop original = dropped("incoming/once/never-submitted.json");
        omics.advance(original.batchId()); // PENDING
        omics.advance(original.batchId()); // SUBMITTING
        omics.advance(original.batchId()); // one run submitted
        env.clients().omics().cancelRunBatch(original.batchId());
        omics.settle(original.batchId());
        original = recorded(original);
        assertThat(env.clients().omics().listRunsInBatch(original.batchId(), null, 100, null).runs())
                .as("the model lists only submitted entries").hasSizeLessThan(3);

        RedriveDrop.Redriven redriven = (RedriveDrop.Redriven) redrive(original.requestId(), true);

        assertThat(runSettingIdsIn(redriven.redrive()))
                .containsExactlyInAnyOrder("sample-001", "sample-002", "sample-003");
    }

    @Test
    void a_batch_that_ended_without_a_recorded_event_is_read_recorded_announced_once_then_redriven() {
        omics.failRunsOf("sample-003"::equals);
        Drop original = dropped("incoming/once/late-event.json");
        omics.settle(original.batchId()); // PROCESSED at HealthOmics; no event reached the dropzone
        omics.clearFaults();
        assertThat(reload(original.requestId()).batchStatus()).isNotEqualTo("PROCESSED");

        RedriveDrop.Outcome outcome = redrive(original.requestId(), false);

        assertThat(outcome).isInstanceOf(RedriveDrop.Redriven.class);
        assertThat(runSettingIdsIn(((RedriveDrop.Redriven) outcome).redrive())).containsExactly("sample-003");
        Drop after = reload(original.requestId());
        assertThat(after.batchStatus()).isEqualTo("PROCESSED");
        assertThat(after.progress().completionNotifiedAt()).isNotNull();
        assertThat(types()).containsOnlyOnce("BatchCompleted");
    }

    @Test
    void counters_that_disagree_with_the_listed_runs_are_reported_not_called_success() {
        Drop original = dropped("incoming/once/counters.json");
        omics.settle(original.batchId());
        original = recorded(original);
        // GetBatch's counters say one run failed, but ListRuns finds none FAILED.
        env.dropzone().drops().applyObservation(original, new BatchObservation(original.batchId(),
                original.batchArn(), "PROCESSED", Instant.now().plusSeconds(60), Map.of("failedRunCount", 1L), null,
                null), Instant.now());

        RedriveDrop.Outcome outcome = redrive(original.requestId(), false);

        assertThat(outcome).isInstanceOf(RedriveDrop.Nothing.class);
        assertThat(((RedriveDrop.Nothing) outcome).reason()).contains("disagree", "failedRunCount is 1")
                .doesNotContain("succeeded");
    }

    @Test
    void a_failed_drop_whose_batch_exists_is_corrected_to_submitted_and_nothing_is_redriven() {
        // The first StartRunBatch created the batch and its answer was lost; the retry was refused.
        omics.injectNext("StartRunBatch", 1, OmicsFault.LOST_RESPONSE);
        omics.failNext("StartRunBatch", 1, 409, "ConflictException", "A run batch with this requestId exists");
        Drop original = dropped("incoming/once/failed-but-running.json");
        assertThat(original.status()).isEqualTo(DropStatus.FAILED);
        assertThat(types()).containsExactly("SubmissionFailed");
        assertThat(omics.batches()).hasSize(1);

        RedriveDrop.Outcome outcome = redrive(original.requestId(), false);
        RedriveDrop.Outcome again = redrive(original.requestId(), false);

        assertThat(outcome).isInstanceOf(RedriveDrop.Corrected.class);
        Drop corrected = reload(original.requestId());
        assertThat(corrected.status()).isEqualTo(DropStatus.SUBMITTED);
        assertThat(corrected.batchId()).isEqualTo(omics.batches().get(0).id());
        assertThat(corrected.settled()).isTrue();
        assertThat(types()).containsExactly("SubmissionFailed", "BatchSubmitted");
        Map<String, Object> submitted = JsonReader.readObject(sns.published().get(1).message());
        assertThat(submitted).containsEntry("supersedes", "SubmissionFailed:" + original.requestId())
                .containsEntry("batchId", corrected.batchId());
        assertThat(again).isInstanceOf(RedriveDrop.Nothing.class);
        assertThat(omics.batches()).as("nothing re-driven").hasSize(1);
        assertThat(omics.count("StartRunBatch")).isEqualTo(2);
    }

    @Test
    void a_redrive_stopped_before_its_snapshot_is_finished_by_the_sweep_through_the_submit_function()
            throws InterruptedException {
        omics.failRunsOf("sample-003"::equals);
        Drop original = dropped("incoming/once/half-way.json");
        omics.settle(original.batchId());
        omics.clearFaults();
        original = recorded(original);
        env.standIns().s3Faults().inject(FaultRule.on("PutObject").respond(ServiceError.s3InternalError()).times(50));
        String originalId = original.requestId();

        assertThatThrownBy(() -> redrive(originalId, false)).isInstanceOf(RuntimeException.class);
        env.standIns().resetFaults();
        String redriveId = reload(originalId).redrives().get(0);
        assertThat(reload(redriveId).snapshot()).as("stopped before its snapshot").isNull();
        assertThat(env.dropzone().runClaims().claimedBy(originalId, redriveId)).containsExactly("sample-003");

        Clock later = Clock.offset(Clock.systemUTC(), Duration.ofHours(1));
        SweepStuckDrops sweep = new SweepStuckDrops(env.dropzone().drops(),
                new LambdaDropResumer(env.clients().lambda(), LocalEnvironment.SUBMIT_FUNCTION, later),
                new SnsNotifier(env.clients().sns(), env.config().topicArn()), Disclosure.FULL, later,
                Duration.ofMinutes(30), Duration.ofHours(24), Duration.ofMinutes(15), env.clients().omics());
        assertThat(sweep.run(100).resumed()).isGreaterThanOrEqualTo(1);
        assertThat(env.standIns().lambda().awaitIdle(Duration.ofSeconds(60))).isTrue();

        Drop finished = reload(redriveId);
        assertThat(finished.status()).isEqualTo(DropStatus.SUBMITTED);
        assertThat(runSettingIdsIn(finished)).containsExactly("sample-003");
        assertThat(env.standIns().lambda().invocations()).anySatisfy(invocation ->
                assertThat(invocation.payload()).contains(ResumeEvent.EVENT_NAME, redriveId));
    }

    private static List<String> types() {
        return sns.published().stream().map(PublishedMessage::attributes).map(a -> a.get("type")).toList();
    }
}
