package io.omicsdropzone.domain.submission;

import io.omicsdropzone.disclosure.Disclosure;
import io.omicsdropzone.disclosure.Field;
import io.omicsdropzone.disclosure.Renderer;
import io.omicsdropzone.domain.Drop;
import io.omicsdropzone.domain.DropStatus;
import io.omicsdropzone.domain.DroppedObject;
import io.omicsdropzone.domain.batch.BatchNaming;
import io.omicsdropzone.domain.pipeline.Pipeline;
import io.omicsdropzone.domain.preflight.PreflightPlan;
import io.omicsdropzone.domain.preflight.PreflightPlanner;
import io.omicsdropzone.domain.submission.RunSettingsStore.ObjectAccessDeniedException;
import io.omicsdropzone.domain.submission.RunSettingsStore.ObjectChangedException;
import io.omicsdropzone.domain.submission.RunSettingsStore.StoredObject;
import io.omicsdropzone.domain.submission.ValidationWatch.ValidationDeadlineException;
import io.omicsdropzone.samplesheet.GroupedSheetConverter;
import io.omicsdropzone.samplesheet.SampleSheetConverter;
import io.omicsdropzone.samplesheet.SampleSheetReport;
import io.omicsdropzone.samplesheet.SampleSheetTemplate;
import io.omicsdropzone.samplesheet.SheetFormat;
import io.omicsdropzone.spool.Spool;
import io.omicsdropzone.spool.SpoolFile;
import io.omicsdropzone.validation.Preflight;
import io.omicsdropzone.validation.RunSettingsValidator;
import io.omicsdropzone.validation.ValidationReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Step 3: reads the dropped object and checks it, in one streaming pass: still the version the event announced,
 * valid (the validator's rules and pre-flight's), and content no other drop of the same key holds. A samplesheet is
 * converted to run-settings JSON in the same pass (spooled, with its rows for per-sample sheets), its errors placed
 * on the sheet's rows and columns. A resumed drop is not read again: its snapshot is recorded, or it was validated
 * and is unchanged since (same ETag).
 */
final class ReadAndCheck {

    private static final Logger LOG = LoggerFactory.getLogger(ReadAndCheck.class);

    /** What checking came to; holds the spool files a snapshot is written from until closed. */
    sealed interface Checked extends AutoCloseable {
        Drop drop();

        /** How the drop ends instead of going on; null when it goes on. */
        default Outcome ends() {
            return null;
        }

        @Override
        default void close() {
        }
    }

    /** The drop ends here: rejected, failed (a 403) or a duplicate of another drop's content. */
    record Ended(Drop drop, Outcome outcome, SpoolFile json, GroupedSheetConverter.Result result)
            implements Checked {
        @Override
        public Outcome ends() {
            return outcome;
        }

        @Override
        public void close() {
            release(drop, result, json);
        }
    }

    /** Checked by an earlier attempt: its snapshot is recorded, or it was validated and is unchanged since. */
    record Ready(Drop drop) implements Checked {
    }

    /** A valid run-settings file; its snapshot is a copy of exactly the version checked ({@code size} bytes). */
    record Validated(Drop drop, long runCount, long size, String parametersNotChecked) implements Checked {
    }

    /** A valid samplesheet of one run per row; its snapshot is the JSON it was converted to. */
    record Converted(Drop drop, SampleSheetReport report, SpoolFile json, String parametersNotChecked)
            implements Checked {
        @Override
        public void close() {
            release(drop, null, json);
        }
    }

    /** A valid per-sample or whole samplesheet ({@code size} bytes); its runs' sheets, then its JSON, are written. */
    record Grouped(Drop drop, GroupedSheetConverter.Result result, SpoolFile json, long size,
                   String parametersNotChecked) implements Checked {
        @Override
        public void close() {
            release(drop, result, json);
        }
    }

    private final RunSettingsStore store;
    private final String snapshotPrefix;
    private final PreflightPlanner preflight;
    private final Spool spool;
    private final IdenticalContent identical;
    private final Disclosure disclosure;
    private final Clock clock;
    private final RunSettingsValidator validator = new RunSettingsValidator();
    private final SampleSheetConverter sheets = new SampleSheetConverter();
    private final GroupedSheetConverter groupedSheets;

    /**
     * @param snapshotPrefix the runs' own sheets of a grouped samplesheet go under {@code <prefix><requestId>/}
     * @param preflight      plans the workflow and input checks run during validation; null: offline checks only
     * @param spool          where a converted samplesheet's JSON (and its rows) wait for the snapshot
     */
    ReadAndCheck(RunSettingsStore store, String snapshotPrefix, PreflightPlanner preflight, Spool spool,
                 IdenticalContent identical, Disclosure disclosure, Clock clock) {
        this.store = store;
        this.snapshotPrefix = snapshotPrefix;
        this.preflight = preflight;
        this.spool = spool;
        this.identical = identical;
        this.disclosure = disclosure;
        this.clock = clock;
        this.groupedSheets = new GroupedSheetConverter(spool);
    }

    /**
     * @throws SubmitDrop.ValidationTimeoutException when the check could not finish before {@code deadline}
     * @throws io.omicsdropzone.domain.DropBusyException when another drop with the same content is still at work
     */
    Checked check(Drop drop, Pipeline pipeline, Instant deadline) {
        if (drop.status() == DropStatus.SUBMITTING && drop.snapshot() != null) {
            // The snapshot is recorded with its ETag: never copied again, whatever became of the dropped key.
            LOG.info("resuming: requestId={} has its snapshot; calling StartRunBatch again", drop.requestId());
            return new Ready(drop);
        }
        DroppedObject object = drop.object();
        Optional<StoredObject> current;
        try {
            current = store.head(object.bucket(), object.key());
        } catch (ObjectAccessDeniedException e) {
            return ended(drop, ReadFailures.accessDenied(drop, e, disclosure));
        }
        if (current.isEmpty()) {
            return ended(drop, ReadFailures.rejected(drop,
                    "the object no longer exists: it was deleted before it could be submitted"));
        }
        if (!current.get().etag().equals(object.etag())) {
            return ended(drop, ReadFailures.rejected(drop, "the object was overwritten since this event (ETag "
                    + object.etag() + " is now " + current.get().etag() + "); the new content is handled by its own"
                    + " event"));
        }
        if (drop.status() == DropStatus.SUBMITTING) {
            // Validated by an earlier attempt and unchanged since (same ETag): only StartRunBatch is left to do.
            LOG.info("resuming: requestId={} was validated ({} runs); calling StartRunBatch again", drop.requestId(),
                    drop.runCount());
            return new Ready(drop);
        }
        Optional<SheetFormat> sheet = SheetFormat.forKey(object.key());
        if (sheet.isPresent() && pipeline.samplesheet().isEmpty()) {
            return ended(drop, ReadFailures.rejected(drop, "pipeline '" + pipeline.name() + "' takes no samplesheets"
                    + " (it has no samplesheet template): drop run-settings JSON under " + pipeline.keyPrefix()
                    + " instead"));
        }
        // Planned per drop, so the workflow lookup happens on first use (never while SnapStart primes).
        PreflightPlan plan = preflight == null ? new PreflightPlan(Preflight.NONE, null)
                : preflight.plan(pipeline.defaultRunSetting(), pipeline.checkInputs());
        if (plan.parametersNotChecked() != null) {
            LOG.warn("pre-flight: requestId={} {}", drop.requestId(), plan.parametersNotChecked());
        }
        try {
            return sheet.isPresent() ? sheet(drop, pipeline.samplesheet().orElseThrow(), sheet.get(), current.get(),
                    plan, deadline) : json(drop, current.get(), plan, deadline);
        } catch (ObjectChangedException e) {
            return ended(drop, ReadFailures.changed(drop, e));
        } catch (ObjectAccessDeniedException e) {
            return ended(drop, ReadFailures.accessDenied(drop, e, disclosure));
        } catch (ValidationDeadlineException e) {
            throw new SubmitDrop.ValidationTimeoutException(e.getMessage()
                    + "; the drop stays open and a retry or the reconciler's sweep resumes it", e);
        } catch (IOException e) {
            throw new UncheckedIOException((sheet.isPresent() ? "converting " : "reading ") + drop.requestId()
                    + " failed", e);
        }
    }

    /** A run-settings file: validated and hashed while it streams. */
    private Checked json(Drop drop, StoredObject current, PreflightPlan plan, Instant deadline) throws IOException {
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
            return ended(drop, new Outcome.Rejected(report.entryCount(), errors, report.errorCount()));
        }
        IdenticalContent.Held held = identical.claim(drop, sha256, deadline);
        if (held.duplicateOf() != null) {
            return ended(drop, new Outcome.Duplicate(sha256, held.duplicateOf()));
        }
        return new Validated(held.drop(), report.entryCount(), current.size(), plan.parametersNotChecked());
    }

    /** A samplesheet: its JSON spooled, deleted again when the result is closed (or right away if this fails). */
    private Checked sheet(Drop drop, SampleSheetTemplate template, SheetFormat format, StoredObject current,
                          PreflightPlan plan, Instant deadline) throws IOException {
        SpoolFile json = spool.create("omics-dropzone-" + drop.requestId(), ".json");
        try {
            return template.runs().grouped() ? grouped(drop, template, format, current, plan, deadline, json)
                    : perRow(drop, template, format, current, plan, deadline, json);
        } catch (IOException | RuntimeException e) {
            release(drop, null, json);
            throw e;
        }
    }

    /** One run per row: converted row by row into run-settings JSON and validated in the same pass. */
    private Checked perRow(Drop drop, SampleSheetTemplate template, SheetFormat format, StoredObject current,
                           PreflightPlan plan, Instant deadline, SpoolFile json) throws IOException {
        DroppedObject object = drop.object();
        SampleSheetReport report;
        String sha256 = null;
        try (ContentDigest content = new ContentDigest(store.open(object.bucket(), object.key(), object.etag()));
             ValidationWatch watch = new ValidationWatch(content, current.size(), deadline, clock, drop.requestId());
             OutputStream out = new BufferedOutputStream(json.output(), 1 << 16)) {
            report = sheets.convert(watch, format, template, out, watch,
                    plan.within(clock, deadline, object.bucket(), drop.requestId(), drop.attempts() > 0));
            if (report.valid()) {
                sha256 = ContentDigest.finish(watch, content);
            }
        }
        if (!report.valid()) {
            LOG.info("rejected: requestId={} samplesheet errorCount={}", drop.requestId(), report.errorCount());
            return new Ended(drop, new Outcome.Rejected(report.rowCount(), report.describe(disclosure),
                    report.errorCount()), json, null);
        }
        IdenticalContent.Held held = identical.claim(drop, sha256, deadline);
        if (held.duplicateOf() != null) {
            return new Ended(drop, new Outcome.Duplicate(sha256, held.duplicateOf()), json, null);
        }
        return new Converted(held.drop(), report, json, plan.parametersNotChecked());
    }

    /**
     * One run per sample (each with a sheet of its own) or one run for the whole sheet: checked whole first, so
     * nothing is written for a rejected sheet; the runs' sheets are to go under {@code <prefix><requestId>/}.
     */
    private Checked grouped(Drop drop, SampleSheetTemplate template, SheetFormat format, StoredObject current,
                            PreflightPlan plan, Instant deadline, SpoolFile json) throws IOException {
        DroppedObject object = drop.object();
        String file = object.key().substring(object.key().lastIndexOf('/') + 1);
        int dot = file.lastIndexOf('.');
        String name = Renderer.render(Field.objectKey(BatchNaming.runSettingIdOf(file.substring(0, dot)),
                "sheet-" + object.keyHash()), disclosure);
        GroupedSheetConverter.Locations where = new GroupedSheetConverter.Locations(object.bucket(),
                snapshotPrefix + drop.requestId() + "/", name, file.substring(dot));
        GroupedSheetConverter.Result result = null;
        try (ContentDigest content = new ContentDigest(store.open(object.bucket(), object.key(), object.etag()));
             ValidationWatch watch = new ValidationWatch(content, current.size(), deadline, clock, drop.requestId())) {
            result = groupedSheets.convert(watch, format, template,
                    plan.within(clock, deadline, object.bucket(), drop.requestId(), drop.attempts() > 0), where, json,
                    watch);
            SampleSheetReport report = result.report();
            if (!report.valid()) {
                LOG.info("rejected: requestId={} samplesheet errorCount={}", drop.requestId(), report.errorCount());
                return new Ended(drop, new Outcome.Rejected(report.rowCount(), report.describe(disclosure),
                        report.errorCount()), json, result);
            }
            // Same content under the same key, whatever its ETag: one holder, the others end DUPLICATE (no sheets).
            String sha256 = ContentDigest.finish(watch, content);
            IdenticalContent.Held held = identical.claim(drop, sha256, deadline);
            if (held.duplicateOf() != null) {
                return new Ended(drop, new Outcome.Duplicate(sha256, held.duplicateOf()), json, result);
            }
            return new Grouped(held.drop(), result, json, current.size(), plan.parametersNotChecked());
        } catch (IOException | RuntimeException e) {
            if (result != null) {
                try {
                    result.close();
                } catch (IOException closing) {
                    e.addSuppressed(closing);
                }
            }
            throw e;
        }
    }

    private static Checked ended(Drop drop, Outcome outcome) {
        return new Ended(drop, outcome, null, null);
    }

    /**
     * Deletes the spool files: the rows' (a failure goes on as the conversion's own would), then the JSON's (a file
     * that cannot be deleted is only logged: {@code /tmp} is cleared with the execution environment).
     */
    private static void release(Drop drop, GroupedSheetConverter.Result result, SpoolFile json) {
        try {
            if (result != null) {
                result.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("converting " + drop.requestId() + " failed", e);
        } finally {
            if (json != null) {
                try {
                    json.close();
                } catch (IOException e) {
                    LOG.warn("could not delete {}: {}", json, e.toString());
                }
            }
        }
    }
}
