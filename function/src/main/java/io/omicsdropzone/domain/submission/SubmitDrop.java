package io.omicsdropzone.domain;

import io.omicsdropzone.domain.RunSettingsStore.ObjectAccessDeniedException;
import io.omicsdropzone.domain.RunSettingsStore.ObjectChangedException;
import io.omicsdropzone.domain.RunSettingsStore.StoredObject;
import io.omicsdropzone.domain.SubmitRepository.Busy;
import io.omicsdropzone.domain.SubmitRepository.Claim;
import io.omicsdropzone.domain.SubmitRepository.Claimed;
import io.omicsdropzone.domain.SubmitRepository.Settled;
import io.omicsdropzone.domain.ValidationWatch.ValidationDeadlineException;
import io.omicsdropzone.domain.pipeline.Pipeline;
import io.omicsdropzone.domain.pipeline.Pipelines;
import io.omicsdropzone.domain.preflight.PreflightPlan;
import io.omicsdropzone.domain.preflight.PreflightPlanner;
import io.omicsdropzone.samplesheet.GroupedSheetConverter;
import io.omicsdropzone.samplesheet.SampleSheetConverter;
import io.omicsdropzone.samplesheet.SampleSheetReport;
import io.omicsdropzone.samplesheet.SheetFormat;
import io.omicsdropzone.validation.Preflight;
import io.omicsdropzone.validation.RunSettingsValidator;
import io.omicsdropzone.validation.ValidationReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The use case: one dropped object becomes exactly one terminal, notified outcome — a submitted batch, a rejected
 * file or a failed submission — however often and however concurrently its event is delivered.
 *
 * <p>Safe under at-least-once delivery because (1) a lease in the repository lets one delivery work at a time,
 * (2) the requestId derived from bucket/key/ETag makes a resumed StartRunBatch return the same batch, and (3) the
 * notification is marked published only after SNS accepted it, so a failed publish is retried, never lost (and may
 * be published twice: subscribers drop repeats by {@code notificationId}).
 */
public final class SubmitDrop {

    private static final Logger LOG = LoggerFactory.getLogger(SubmitDrop.class);
    private static final Duration FIRST_WAIT = Duration.ofMillis(100);
    private static final Duration MAX_WAIT = Duration.ofSeconds(2);

    /** Waits between lease checks; replaceable so tests need not sleep. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private final SubmitRepository drops;
    private final RunSettingsStore store;
    private final RunBatchApi omics;
    private final Notifier notifier;
    private final RunSettingsValidator validator;
    private final Pipelines pipelines;
    private final Disclosure disclosure;
    private final Clock clock;
    private final Duration lease;
    private final Sleeper sleeper;
    private final Snapshots snapshots;
    private final PreflightPlanner preflight;
    private final SampleSheetConverter sheets = new SampleSheetConverter();
    private final IdenticalContent identical;

    public SubmitDrop(SubmitRepository drops, RunSettingsStore store, Snapshots snapshots, RunBatchApi omics,
                      Notifier notifier, DefaultRunSetting defaultRunSetting, Disclosure disclosure, Clock clock,
                      Duration lease, Sleeper sleeper) {
        this(drops, store, snapshots, omics, notifier, defaultRunSetting, disclosure, clock, lease, sleeper, null);
    }

    /** @param preflight plans the workflow and input checks run during validation; null: offline checks only */
    public SubmitDrop(SubmitRepository drops, RunSettingsStore store, Snapshots snapshots, RunBatchApi omics,
                      Notifier notifier, DefaultRunSetting defaultRunSetting, Disclosure disclosure, Clock clock,
                      Duration lease, Sleeper sleeper, PreflightPlanner preflight) {
        this(drops, store, snapshots, omics, notifier, Pipelines.single(defaultRunSetting), disclosure, clock, lease,
                sleeper, preflight);
    }

    /**
     * @param pipelines every dropped key is routed to the pipeline with the longest prefix it starts with; a key under
     *                  none is REJECTED
     * @param preflight plans the workflow and input checks run during validation; null: offline checks only
     */
    public SubmitDrop(SubmitRepository drops, RunSettingsStore store, Snapshots snapshots, RunBatchApi omics,
                      Notifier notifier, Pipelines pipelines, Disclosure disclosure, Clock clock,
                      Duration lease, Sleeper sleeper, PreflightPlanner preflight) {
        this.preflight = preflight;
        this.drops = drops;
        this.snapshots = snapshots;
        this.store = store;
        this.omics = omics;
        this.notifier = notifier;
        this.validator = new RunSettingsValidator();
        this.pipelines = pipelines;
        this.disclosure = disclosure;
        this.clock = clock;
        this.lease = lease;
        this.sleeper = sleeper;
        this.identical = new IdenticalContent(drops, clock, sleeper);
    }

    /**
     * @param deadline when this invocation must stop working on the drop: waiting for another invocation's lease
     *                 and validation both give up there (Lambda's remaining time less a safety margin)
     * @throws DropBusyException     when another invocation still owns the drop at the deadline
     * @throws BatchApiException     when HealthOmics failed in a retryable way (after the client's retries)
     * @throws RuntimeException      for other infrastructure failures and deadline stops; the drop records the
     *                               attempt and its error, and a retry or the reconciler's sweep resumes it
     */
    public DropResult handle(DroppedObject object, Instant deadline) {
        boolean sheet = pipelines.acceptsSamplesheets() && SheetFormat.forKey(object.key()).isPresent();
        if (!object.isRunSettingsFile() && !sheet) {
            LOG.info("ignored: not a .json key bucket={} keyHash={}", object.bucket(), object.keyHash());
            return new DropResult(DropResult.Action.IGNORED, null);
        }
        if (snapshots.covers(object.key())) {
            LOG.info("ignored: a snapshot, not a drop bucket={} keyHash={}", object.bucket(), object.keyHash());
            return new DropResult(DropResult.Action.IGNORED, null);
        }
        String batchName = BatchNaming.batchName(object, disclosure);
        return claimAndProcess(object, deadline, () -> drops.claim(object, batchName, clock.instant(), lease));
    }

    /** Claims the drop (waiting while another invocation holds it), then processes it or says why not. */
    private DropResult claimAndProcess(DroppedObject object, Instant deadline, java.util.function.Supplier<Claim> claimer) {
        Duration wait = FIRST_WAIT;
        while (true) {
            Claim claim = claimer.get();
            if (claim instanceof Claimed claimed) {
                Drop settled = process(claimed.drop(), deadline);
                return new DropResult(settled.status() == DropStatus.DUPLICATE ? DropResult.Action.DUPLICATE
                        : DropResult.Action.PROCESSED, settled);
            }
            if (claim instanceof Settled settled) {
                return settledAlready(settled.drop(), object, deadline);
            }
            Busy busy = (Busy) claim;
            if (clock.instant().plus(wait).isAfter(deadline)) {
                throw new DropBusyException(busy.drop().requestId());
            }
            pause(wait);
            wait = wait.multipliedBy(2).compareTo(MAX_WAIT) > 0 ? MAX_WAIT : wait.multipliedBy(2);
        }
    }

    /**
     * The event's drop is settled. The same upload again: nothing to do. Another upload of the same bytes (same ETag):
     * a REJECTED drop is validated again from scratch as a new drop linked to it (the inputs pre-flight missed may
     * exist now); any other outcome gets one DuplicateFile naming the drop that holds the content.
     */
    private DropResult settledAlready(Drop existing, DroppedObject object, Instant deadline) {
        if (!DuplicateUpload.isNewUpload(existing, object)) {
            LOG.info("duplicate delivery: requestId={} already {}", existing.requestId(), existing.status());
            return new DropResult(DropResult.Action.ALREADY_SETTLED, existing);
        }
        Drop original = existing;
        if (existing.status() == DropStatus.DUPLICATE && existing.content().duplicateOf() != null) {
            original = drops.find(existing.content().duplicateOf()).orElse(existing);
        }
        if (original.status() == DropStatus.REJECTED) {
            String rejected = original.requestId();
            String requestId = DuplicateUpload.reuploadRequestId(rejected, DuplicateUpload.uploadId(object));
            LOG.info("re-upload of a rejected drop: requestId={} validates it again as {}", rejected, requestId);
            String batchName = existing.batchName();
            return claimAndProcess(object, deadline, () -> drops.claimReupload(object, requestId, rejected, batchName,
                    clock.instant(), lease));
        }
        return new DuplicateUpload(drops, notifier, disclosure, clock).announce(original, object);
    }

    /** Finishes a drop claimed elsewhere (a re-drive's, created SUBMITTING with its snapshot). */
    public Drop resume(Drop claimed, Instant deadline) {
        return process(claimed, deadline);
    }

    private Drop process(Drop drop, Instant deadline) {
        try {
            Drop settled = drop.status().terminal() ? drop : submit(drop, deadline);
            notifier.publish(outcomeOf(settled));
            drops.markNotified(settled, clock.instant());
            LOG.info("settled: requestId={} status={} batchId={} runCount={}", settled.requestId(), settled.status(),
                    settled.batchId(), settled.runCount());
            return settled;
        } catch (RuntimeException e) {
            // Whatever state was recorded stays; giving the lease back lets the retry resume right away.
            releaseQuietly(drop, e);
            throw e;
        }
    }

    private Drop submit(Drop routed, Instant deadline) {
        Optional<Pipeline> found = pipelineOf(routed);
        if (found.isEmpty()) {
            return reject(routed, 0, "the key is under no pipeline's prefix; the known prefixes are "
                    + String.join(", ", pipelines.prefixes()));
        }
        Pipeline pipeline = found.get();
        if (routed.redriveOf() != null && routed.ranWith() != null
                && !routed.ranWith().matches(pipeline.defaultRunSetting())) {
            // A re-drive runs the settings chosen when it was started; this configuration has others.
            return drops.recordFailed(routed, List.of("the re-drive was started for workflow "
                    + routed.ranWith().workflowId() + " with settings this configuration no longer has (pipeline "
                    + pipeline.name() + " is now workflow " + pipeline.defaultRunSetting().workflowId()
                    + "); run redrive again, with --use-current-pipeline to use the current ones"), clock.instant());
        }
        Drop named = pipelines.named() ? routed.withPipeline(pipeline.name()) : routed;
        Drop drop = routed.redriveOf() != null ? named
                : named.withRanWith(PipelineFingerprint.of(pipeline.defaultRunSetting()));
        if (drop.status() == DropStatus.SUBMITTING && drop.snapshot() != null) {
            // The snapshot is recorded with its ETag: never copied again, whatever became of the dropped key.
            LOG.info("resuming: requestId={} has its snapshot; calling StartRunBatch again", drop.requestId());
            return start(drop, pipeline);
        }
        DroppedObject object = drop.object();
        Optional<StoredObject> current;
        try {
            current = store.head(object.bucket(), object.key());
        } catch (ObjectAccessDeniedException e) {
            return accessDenied(drop, e);
        }
        if (current.isEmpty()) {
            return reject(drop, 0, "the object no longer exists: it was deleted before it could be submitted");
        }
        if (!current.get().etag().equals(object.etag())) {
            return reject(drop, 0, "the object was overwritten since this event (ETag " + object.etag() + " is now "
                    + current.get().etag() + "); the new content is handled by its own event");
        }
        if (drop.status() == DropStatus.SUBMITTING) {
            // Validated by an earlier attempt and unchanged since (same ETag): only StartRunBatch is left to do.
            LOG.info("resuming: requestId={} was validated ({} runs); calling StartRunBatch again", drop.requestId(),
                    drop.runCount());
            return start(drop, pipeline);
        }
        Optional<SheetFormat> sheet = SheetFormat.forKey(object.key());
        if (sheet.isPresent() && pipeline.samplesheet().isEmpty()) {
            return reject(drop, 0, "pipeline '" + pipeline.name() + "' takes no samplesheets (it has no samplesheet"
                    + " template): drop run-settings JSON under " + pipeline.keyPrefix() + " instead");
        }
        // Planned per drop, so the workflow lookup happens on first use (never while SnapStart primes).
        PreflightPlan plan = preflight == null ? new PreflightPlan(Preflight.NONE, null)
                : preflight.plan(pipeline.defaultRunSetting(), pipeline.checkInputs());
        if (plan.parametersNotChecked() != null) {
            LOG.warn("pre-flight: requestId={} {}", drop.requestId(), plan.parametersNotChecked());
        }
        if (sheet.isPresent()) {
            return reading(drop, "converting", () -> submitSheet(drop, pipeline, sheet.get(), current.get(), plan,
                    deadline));
        }
        return reading(drop, "reading", () -> submitJson(drop, pipeline, current.get(), plan, deadline));
    }

    /** A run-settings file: validated while streaming, then copied as the drop's snapshot, which StartRunBatch reads. */
    private Drop submitJson(Drop drop, Pipeline pipeline, StoredObject current, PreflightPlan plan, Instant deadline)
            throws IOException {
        DroppedObject object = drop.object();
        ValidationReport report;
        String sha256 = null;
        try (ContentDigest content = new ContentDigest(store.open(object.bucket(), object.key(), object.etag()));
             ValidationWatch watch = new ValidationWatch(content, current.size(), deadline, clock, drop.requestId())) {
            report = validator.validate(watch, current.size(), watch,
                    plan.within(clock, deadline, object.bucket(), drop.requestId(), drop.attempts() > 0));
            if (report.valid()) {
                sha256 = ContentDigest.finish(watch, content);
            }
        }
        if (!report.valid()) {
            List<String> errors = report.errors().stream().map(error -> error.describe(disclosure)).toList();
            LOG.info("rejected: requestId={} errorCount={}", drop.requestId(), report.errorCount());
            return drops.recordRejected(drop, report.entryCount(), errors, report.errorCount(), clock.instant());
        }
        drop = identical.claim(drop, sha256, deadline);
        if (drop.status() == DropStatus.DUPLICATE) {
            return drop;
        }
        Snapshot snapshot = snapshots.copyOf(object, current.size(), drop.requestId());
        return start(drops.markSubmitting(drop, report.entryCount(), snapshot, plan.parametersNotChecked(),
                clock.instant()), pipeline);
    }

    /** Reading the dropped object (or copying it) went wrong in a way every path handles alike. */
    @FunctionalInterface
    private interface Reading {
        Drop run() throws IOException;
    }

    /**
     * The outcomes every read of the dropped object shares: changed since the event → rejected (its new content has
     * its own event), 403 → failed with what to check, the invocation's deadline → retried with the progress recorded.
     */
    private Drop reading(Drop drop, String what, Reading reading) {
        try {
            return reading.run();
        } catch (ObjectChangedException e) {
            return reject(drop, 0, e.getMessage());
        } catch (ObjectAccessDeniedException e) {
            return accessDenied(drop, e);
        } catch (ValidationDeadlineException e) {
            throw new ValidationTimeoutException(e.getMessage()
                    + "; the drop stays open and a retry or the reconciler's sweep resumes it", e);
        } catch (IOException e) {
            throw new UncheckedIOException(what + " " + drop.requestId() + " failed", e);
        }
    }

    /**
     * A samplesheet: converted row by row into run-settings JSON and validated in the same pass (errors placed on
     * the sheet's rows and columns), the JSON spooled to a temporary file, and, when valid, written as the drop's
     * snapshot, which StartRunBatch reads. The requestId stays the dropped sheet's (bucket, key, ETag). A resume of
     * a drop whose snapshot was recorded never converts again (see {@link #submit}).
     */
    private Drop submitSheet(Drop drop, Pipeline pipeline, SheetFormat format, StoredObject current, PreflightPlan plan,
                             Instant deadline) throws IOException {
        DroppedObject object = drop.object();
        Path json = null;
        try {
            json = Files.createTempFile("omics-dropzone-" + drop.requestId(), ".json");
            if (pipeline.samplesheet().orElseThrow().runs().grouped()) {
                return submitGroupedSheet(drop, pipeline, format, current, plan, deadline, json);
            }
            SampleSheetReport report;
            String sha256 = null;
            try (ContentDigest content = new ContentDigest(store.open(object.bucket(), object.key(), object.etag()));
                 ValidationWatch watch = new ValidationWatch(content, current.size(), deadline, clock, drop.requestId());
                 OutputStream out = new BufferedOutputStream(Files.newOutputStream(json), 1 << 16)) {
                report = sheets.convert(watch, format, pipeline.samplesheet().orElseThrow(), out, watch,
                        plan.within(clock, deadline, object.bucket(), drop.requestId(), drop.attempts() > 0));
                if (report.valid()) {
                    sha256 = ContentDigest.finish(watch, content);
                }
            }
            if (!report.valid()) {
                LOG.info("rejected: requestId={} samplesheet errorCount={}", drop.requestId(), report.errorCount());
                return drops.recordRejected(drop, report.rowCount(), report.describe(disclosure), report.errorCount(),
                        clock.instant());
            }
            Drop holder = identical.claim(drop, sha256, deadline);
            if (holder.status() == DropStatus.DUPLICATE) {
                return holder;
            }
            Snapshot snapshot = snapshots.store().write(object.bucket(), snapshots.keyFor(drop.requestId()),
                    SnapshotStore.Content.ofFile(json));
            LOG.info("samplesheet converted: requestId={} rows={} jsonBytes={}", drop.requestId(), report.rowCount(),
                    report.bytesWritten());
            return start(drops.markSubmitting(holder, report.rowCount(), snapshot, plan.parametersNotChecked(),
                    clock.instant()), pipeline);
        } finally {
            if (json != null) {
                try {
                    Files.deleteIfExists(json);
                } catch (IOException e) {
                    LOG.warn("could not delete {}: {}", json, e.toString());
                }
            }
        }
    }

    /**
     * A sheet turned into one run per sample (each with a sheet of its own) or one run for the whole sheet: checked
     * whole first, so nothing is written for a rejected sheet; then the runs' sheets are written once under
     * {@code <SNAPSHOT_PREFIX><requestId>/} (never rewritten by a retry), then the run settings as the snapshot.
     */
    private Drop submitGroupedSheet(Drop drop, Pipeline pipeline, SheetFormat format, StoredObject current,
                                    PreflightPlan plan, Instant deadline, Path json) throws IOException {
        DroppedObject object = drop.object();
        String file = object.key().substring(object.key().lastIndexOf('/') + 1);
        int dot = file.lastIndexOf('.');
        String name = disclosure.phiSafe() ? "sheet-" + object.keyHash()
                : BatchNaming.runSettingIdOf(file.substring(0, dot));
        GroupedSheetConverter.Locations where = new GroupedSheetConverter.Locations(object.bucket(),
                snapshots.prefix() + drop.requestId() + "/", name, file.substring(dot));
        try (ContentDigest content = new ContentDigest(store.open(object.bucket(), object.key(), object.etag()));
             ValidationWatch watch = new ValidationWatch(content, current.size(), deadline, clock, drop.requestId());
             GroupedSheetConverter.Result result = new GroupedSheetConverter().convert(watch, format,
                     pipeline.samplesheet().orElseThrow(),
                     plan.within(clock, deadline, object.bucket(), drop.requestId(), drop.attempts() > 0), where, json,
                     watch)) {
            SampleSheetReport report = result.report();
            if (!report.valid()) {
                LOG.info("rejected: requestId={} samplesheet errorCount={}", drop.requestId(), report.errorCount());
                return drops.recordRejected(drop, report.rowCount(), report.describe(disclosure), report.errorCount(),
                        clock.instant());
            }
            // Same content under the same key, whatever its ETag: one holder, the others end DUPLICATE (no sheets).
            drop = identical.claim(drop, ContentDigest.finish(watch, content), deadline);
            if (drop.status() == DropStatus.DUPLICATE) {
                return drop;
            }
            SnapshotStore.Content dropped = new SnapshotStore.Content() {
                @Override
                public long length() {
                    return current.size();
                }

                @Override
                public InputStream open() {
                    return store.open(object.bucket(), object.key(), object.etag());
                }
            };
            int written = new RunSheets(snapshots.store()).writeAll(object.bucket(), result.sheets(), dropped);
            Snapshot snapshot = snapshots.store().write(object.bucket(), snapshots.keyFor(drop.requestId()),
                    SnapshotStore.Content.ofFile(json));
            LOG.info("samplesheet grouped: requestId={} rows={} runs={} sheetsWritten={}", drop.requestId(),
                    report.rowCount(), result.runCount(), written);
            return start(drops.markSubmitting(drop, result.runCount(), snapshot, plan.parametersNotChecked(),
                    clock.instant()), pipeline);
        }
    }

    /**
     * The pipeline recorded on the drop (a resume keeps the one it was validated for), else the one its key routes
     * to; empty when the key is under no pipeline's prefix.
     */
    private Optional<Pipeline> pipelineOf(Drop drop) {
        if (drop.pipeline() != null) {
            Optional<Pipeline> recorded = pipelines.named(drop.pipeline());
            if (recorded.isPresent()) {
                return recorded;
            }
        }
        return pipelines.route(drop.object().key());
    }

    private Drop start(Drop submitting, Pipeline pipeline) {
        DroppedObject object = submitting.object();
        String name = pipelines.named() ? pipeline.name() : null;
        BatchRequest request = new BatchRequest(submitting.requestId(), submitting.batchName(), submitting.settingsUri(),
                pipeline.defaultRunSetting().withRunTags(BatchNaming.runTags(submitting.requestId(), name)),
                BatchNaming.batchTags(object, submitting.requestId(), disclosure, pipeline.batchTags(), name));
        try {
            StartedBatch batch = omics.startRunBatch(request);
            LOG.info("submitted: requestId={} batchId={} status={}", submitting.requestId(), batch.id(), batch.status());
            return drops.recordSubmitted(submitting, batch, clock.instant());
        } catch (BatchApiException e) {
            if (e.retryable()) {
                throw e;
            }
            LOG.warn("submission failed: requestId={} errorType={}", submitting.requestId(), e.errorType());
            return drops.recordFailed(submitting, List.of(e.describe(disclosure)), clock.instant());
        }
    }

    /** A DUPLICATE names the drop holding the content, as it is now; the others speak for themselves. */
    private Notification outcomeOf(Drop settled) {
        if (settled.status() == DropStatus.DUPLICATE) {
            Optional<Drop> original = drops.find(settled.content().duplicateOf());
            if (original.isPresent()) {
                drops.recordDuplicateUpload(original.get(), DuplicateUpload.uploadIdOrRequestId(settled),
                        clock.instant());
                return Notification.duplicateContent(settled, original.get(), disclosure);
            }
        }
        return Notification.outcomeOf(settled, disclosure);
    }

    /** A 403 never clears by retrying the same call: record it with what to check. */
    private Drop accessDenied(Drop drop, ObjectAccessDeniedException e) {
        String where = disclosure.phiSafe() ? "the dropped object (key hash " + drop.object().keyHash() + ")"
                : drop.object().s3Uri();
        String error = "AccessDenied: S3 answered " + e.getMessage() + " to " + e.operation() + " for " + where
                + ". Either the object was deleted before it could be submitted (without s3:ListBucket S3 answers 403,"
                + " not 404, for a missing key) or the submit role may not read it: check that the key is under the"
                + " upload prefix, that the role has s3:ListBucket on that prefix and s3:GetObject on the key, and that"
                + " the bucket policy and the KMS key allow the role";
        LOG.warn("access denied: requestId={} operation={}", drop.requestId(), e.operation());
        return drops.recordFailed(drop, List.of(error), clock.instant());
    }

    private Drop reject(Drop drop, long runCount, String reason) {
        LOG.info("rejected: requestId={} reason={}", drop.requestId(), reason);
        return drops.recordRejected(drop, runCount, List.of(reason), 1, clock.instant());
    }

    private void releaseQuietly(Drop drop, RuntimeException cause) {
        try {
            String error = cause instanceof BatchApiException service ? service.describe(disclosure)
                    : cause.getClass().getSimpleName() + ": " + cause.getMessage();
            drops.releaseAfterRetryableError(drop, error, clock.instant());
        } catch (RuntimeException releaseFailure) {
            cause.addSuppressed(releaseFailure);
        }
    }

    private void pause(Duration wait) {
        try {
            sleeper.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for another invocation", e);
        }
    }

    /** Validation could not finish before the invocation's deadline; the attempt is recorded with how far it got. */
    public static final class ValidationTimeoutException extends RuntimeException {
        ValidationTimeoutException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
