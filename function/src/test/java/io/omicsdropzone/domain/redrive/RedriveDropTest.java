package io.omicsdropzone.domain.redrive;

import io.omicsdropzone.disclosure.Disclosure;
import io.omicsdropzone.domain.Drop;
import io.omicsdropzone.domain.DropStatus;
import io.omicsdropzone.domain.DroppedObject;
import io.omicsdropzone.domain.batch.BatchApiException;
import io.omicsdropzone.domain.batch.BatchNaming;
import io.omicsdropzone.domain.batch.BatchObservation;
import io.omicsdropzone.domain.batch.BatchRequest;
import io.omicsdropzone.domain.batch.BatchRun;
import io.omicsdropzone.domain.batch.WorkflowRun;
import io.omicsdropzone.domain.fakes.Fakes.MemoryBatches;
import io.omicsdropzone.domain.fakes.Fakes.MemoryRunClaims;
import io.omicsdropzone.domain.fakes.Fakes.MemorySnapshots;
import io.omicsdropzone.domain.fakes.Fakes.MemoryStore;
import io.omicsdropzone.domain.fakes.Fakes.MutableClock;
import io.omicsdropzone.domain.fakes.Fakes.RecordingNotifier;
import io.omicsdropzone.domain.fakes.InMemoryDrops;
import io.omicsdropzone.domain.notification.Notification;
import io.omicsdropzone.domain.pipeline.DefaultRunSetting;
import io.omicsdropzone.domain.pipeline.Pipelines;
import io.omicsdropzone.domain.redrive.RedriveDrop.Options;
import io.omicsdropzone.domain.snapshot.Snapshots;
import io.omicsdropzone.domain.submission.SubmitDrop;
import io.omicsdropzone.domain.tracking.FoundBatches;
import io.omicsdropzone.domain.tracking.TrackBatch;
import io.omicsdropzone.spool.MemorySpool;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 17, gaps 4 and 5, on fakes of the project's ports: re-drive once per run, correct a FAILED drop. */
class RedriveDropTest {

    static final String BUCKET = "dropzone-input";
    static final String FILE = """
            [{"runSettingId":"S1"},{"runSettingId":"S2"},{"runSettingId":"S3"}]""";
    static final DefaultRunSetting SETTING = new DefaultRunSetting("1234567",
            "arn:aws:iam::123456789012:role/omics-runs",
            "{\"workflowId\":\"1234567\",\"roleArn\":\"arn:aws:iam::123456789012:role/omics-runs\"}");
    static final Duration LEASE = Duration.ofMinutes(15);

    final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
    final InMemoryDrops drops = new InMemoryDrops();
    final MemoryStore store = new MemoryStore();
    final MemoryBatches omics = new MemoryBatches();
    final RecordingNotifier notifier = new RecordingNotifier();
    final MemorySnapshots snapshotStore = new MemorySnapshots(store);
    final Snapshots snapshots = new Snapshots(snapshotStore, Snapshots.DEFAULT_PREFIX);
    final MemoryRunClaims claims = new MemoryRunClaims();
    final MemorySpool spool = new MemorySpool();

    {
        omics.createdAt = clock::instant;
    }

    SubmitDrop submit() {
        return new SubmitDrop(new SubmitDrop.Ports(drops, store, snapshots, omics, notifier, spool),
                Pipelines.single(SETTING), Disclosure.FULL, null, clock, LEASE, wait -> clock.advance(wait));
    }

    RedriveDrop redriveDrop() {
        return new RedriveDrop(drops, omics, snapshots, submit(), clock, LEASE, Pipelines.single(SETTING),
                new TrackBatch(drops, omics, notifier, Disclosure.FULL, clock, LEASE),
                new FoundBatches(drops, omics, notifier, Disclosure.FULL, clock, LEASE), claims,
                new RedriveSnapshots(drops, claims, snapshots, spool, clock));
    }

    Drop dropped(String key) {
        store.put(BUCKET, key, "etag-" + key.hashCode(), FILE);
        DroppedObject object = new DroppedObject(BUCKET, key, "etag-" + key.hashCode(), FILE.length(), null, null);
        return submit().handle(object, clock.instant().plus(LEASE)).drop();
    }

    List<String> runsIn(Drop redrive) {
        List<String> ids = new ArrayList<>();
        try (InputStream in = snapshotStore.open(redrive.snapshot())) {
            RunSettingsSubset.forEachId(in, ids::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ids;
    }

    /** S1's start submission failed; S2 and S3 were submitted and then cancelled with the batch. */
    Drop cancelledWithAFailedSubmission(String key) {
        Drop drop = dropped(key);
        String batch = drop.batchId();
        omics.runs(batch, List.of(new BatchRun("S1", null, null, "FAILED", "ValidationException", "bad"),
                        new BatchRun("S2", "r2", "arn:r2", "SUCCESS", null, null),
                        new BatchRun("S3", "r3", "arn:r3", "SUCCESS", null, null)),
                List.of(new WorkflowRun("r2", "arn:r2", "CANCELLED", batch, "S2", null, null),
                        new WorkflowRun("r3", "arn:r3", "CANCELLED", batch, "S3", null, null)));
        drops.applyObservation(drop, new BatchObservation(batch, drop.batchArn(), "CANCELLED", clock.instant(),
                Map.of("failedStartSubmissionCount", 1L, "cancelledRunCount", 2L), null, null), clock.instant());
        return drops.get(drop.requestId());
    }

    @Test
    void a_run_redriven_without_the_flag_is_not_redriven_again_with_it() {
        Drop original = cancelledWithAFailedSubmission("incoming/flags.json");

        RedriveDrop.Redriven first = (RedriveDrop.Redriven) redriveDrop().redrive(original.requestId(),
                new Options(false, false), clock.instant().plus(LEASE));
        RedriveDrop.Redriven second = (RedriveDrop.Redriven) redriveDrop().redrive(original.requestId(),
                new Options(true, false), clock.instant().plus(LEASE));

        assertThat(runsIn(first.redrive())).containsExactly("S1");
        assertThat(runsIn(second.redrive())).containsExactly("S2", "S3");
        assertThat(second.note()).contains(first.redrive().requestId());
        assertThat(omics.startCalls).hasSize(3);
    }

    @Test
    void a_redrive_whose_runs_all_belong_to_another_starts_nothing() {
        Drop original = cancelledWithAFailedSubmission("incoming/taken.json");
        redriveDrop().redrive(original.requestId(), new Options(true, false), clock.instant().plus(LEASE));

        RedriveDrop.Outcome second = redriveDrop().redrive(original.requestId(), new Options(false, false),
                clock.instant().plus(LEASE));

        assertThat(second).isInstanceOf(RedriveDrop.Nothing.class);
        assertThat(((RedriveDrop.Nothing) second).reason()).contains("already re-driven");
        assertThat(omics.startCalls).hasSize(2);
    }

    @Test
    void a_failed_drop_whose_batch_exists_is_corrected_with_a_superseding_batch_submitted() {
        String key = "incoming/lost-then-refused.json";
        DroppedObject object = new DroppedObject(BUCKET, key, "etag-" + key.hashCode(), FILE.length(), null, null);
        omics.createThenLoseAnswer(new BatchRequest(object.requestId(), BatchNaming.batchName(object, Disclosure.FULL),
                "s3://" + BUCKET + "/submitted/" + object.requestId() + ".json",
                SETTING.withRunTags(BatchNaming.runTags(object.requestId())),
                BatchNaming.batchTags(object, object.requestId(), Disclosure.FULL)));
        omics.failNextStart(new BatchApiException(BatchApiException.Kind.CONFLICT, "ConflictException", 409,
                "different parameters", null));
        Drop failed = dropped(key);
        assertThat(failed.status()).isEqualTo(DropStatus.FAILED);

        RedriveDrop.Outcome outcome = redriveDrop().redrive(failed.requestId(), new Options(false, false),
                clock.instant().plus(LEASE));

        assertThat(outcome).isInstanceOf(RedriveDrop.Corrected.class);
        Drop corrected = drops.get(failed.requestId());
        assertThat(corrected.status()).isEqualTo(DropStatus.SUBMITTED);
        assertThat(corrected.batchId()).isEqualTo(omics.byRequestId.get(failed.requestId()).id());
        assertThat(notifier.types()).containsExactly(Notification.SUBMISSION_FAILED, Notification.BATCH_SUBMITTED);
        assertThat(notifier.published.get(1).body()).containsEntry("supersedes",
                "SubmissionFailed:" + failed.requestId());
        assertThat(omics.startCalls).as("only the refused call").hasSize(1);
    }
}
