package io.omicsdropzone.domain;

import io.omicsdropzone.domain.SubmitRepository.Claim;
import io.omicsdropzone.domain.SubmitRepository.Claimed;
import io.omicsdropzone.domain.SubmitRepository.Settled;
import io.omicsdropzone.domain.pipeline.Pipelines;
import io.omicsdropzone.domain.pipeline.RedrivePipeline;
import io.omicsdropzone.domain.submission.SubmitDrop;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Runs again what did not succeed. HealthOmics has no retry for a batch; its guide says to submit the failed
 * runSettingIds as a new batch (https://docs.aws.amazon.com/omics/latest/dev/workflows-batch.html). A re-drive is an
 * ordinary drop with its own snapshot and {@code redriveOf}; its requestId is derived from the original and from what
 * is re-driven, so the same re-drive run twice finds its own drop and starts no second batch.
 *
 * <ul>
 *   <li>A {@code FAILED} drop is first looked for at HealthOmics ({@link FoundBatches}): if its batch exists it is
 *       corrected to SUBMITTED and nothing is re-driven. Otherwise it is submitted whole again from a copy of its
 *       snapshot.</li>
 *   <li>A drop whose batch has not ended as recorded is read from HealthOmics first (GetBatch, recorded through
 *       {@link TrackBatch}, notifications included): events can be late or lost.</li>
 *   <li>A drop whose batch ended gets a new batch of the runs whose submission failed (ListRunsInBatch) or that ended
 *       {@code FAILED} (ListRuns by batch and status), and on request the {@code CANCELLED} ones and the snapshot
 *       entries never submitted (a batch cancelled while SUBMITTING). A batch that failed before any run was
 *       submitted is re-driven whole.</li>
 *   <li>Each run is claimed on the original ({@link RunClaims}) before anything is written: a run already re-driven
 *       from this original is never re-driven again, whatever the flags, and two concurrent re-drives split the runs.
 *       The snapshot is written once, after the claims.</li>
 *   <li>The pipeline is the one the original ran ({@link RedrivePipeline}).</li>
 * </ul>
 */
public final class RedriveDrop {

    private static final Logger LOG = LoggerFactory.getLogger(RedriveDrop.class);
    private static final int PAGE = 100;

    private final RedriveRepository drops;
    private final RunBatchApi omics;
    private final Snapshots snapshots;
    private final SubmitDrop submit;
    private final Clock clock;
    private final Duration lease;
    private final Pipelines pipelines;
    private final TrackBatch track;
    private final FoundBatches found;
    private final RunClaims claims;
    private final RedriveSnapshots redriveSnapshots;

    public RedriveDrop(RedriveRepository drops, RunBatchApi omics, Snapshots snapshots, SubmitDrop submit, Clock clock,
                       Duration lease, Pipelines pipelines, TrackBatch track, FoundBatches found, RunClaims claims,
                       RedriveSnapshots redriveSnapshots) {
        this.drops = drops;
        this.omics = omics;
        this.snapshots = snapshots;
        this.submit = submit;
        this.clock = clock;
        this.lease = lease;
        this.pipelines = pipelines;
        this.track = track;
        this.found = found;
        this.claims = claims;
        this.redriveSnapshots = redriveSnapshots;
    }

    /** What the operator asked for. */
    public record Options(boolean includeCancelled, boolean useCurrentPipeline) {
    }

    /** What a re-drive did. */
    public sealed interface Outcome {
    }

    /** No drop has that requestId or batchId. */
    public record Unknown(String id) implements Outcome {
    }

    /** Nothing can or needs to be re-driven; {@code reason} says why. */
    public record Nothing(Drop original, String reason) implements Outcome {
    }

    /** The re-drive would run another pipeline than the original ran; nothing was started. */
    public record Refused(Drop original, String reason) implements Outcome {
    }

    /** A FAILED drop's batch exists after all: corrected to SUBMITTED (announced, superseding), nothing re-driven. */
    public record Corrected(Drop original, Drop corrected) implements Outcome {
    }

    /**
     * The re-drive's drop after this call (submitted, failed, ...); {@code existed} when an earlier identical re-drive
     * had already created it; {@code note} says what the operator should know (counters that disagree, runs left to
     * another re-drive), or null.
     */
    public record Redriven(Drop original, Drop redrive, long runs, boolean existed, String note) implements Outcome {
        public Redriven(Drop original, Drop redrive, long runs, boolean existed) {
            this(original, redrive, runs, existed, null);
        }
    }

    public Outcome redrive(String id, boolean includeCancelled, Instant deadline) {
        return redrive(id, new Options(includeCancelled, false), deadline);
    }

    public Outcome redrive(String id, Options options, Instant deadline) {
        Optional<Drop> lookedUp = id.matches("[0-9]{1,18}") ? drops.findByBatchId(id) : drops.find(id);
        if (lookedUp.isEmpty()) {
            return new Unknown(id);
        }
        Drop original = lookedUp.get();
        if (original.snapshot() == null) {
            return new Nothing(original, "the drop has no snapshot (status " + original.status() + ", never validated,"
                    + " or recorded before snapshots existed): upload the file again, under a new key if the content"
                    + " is unchanged");
        }
        Selection selection;
        if (original.status() == DropStatus.FAILED) {
            Optional<Drop> corrected = found.correctFailed(original);
            if (corrected.isPresent()) {
                return new Corrected(original, corrected.get());
            }
            selection = Selection.whole(null);
        } else if (original.status() == DropStatus.SUBMITTED && original.batchId() != null) {
            if (!BatchStatusOrder.terminal(original.batchStatus())) {
                original = asItIs(original);
                if (!BatchStatusOrder.terminal(original.batchStatus())) {
                    return new Nothing(original, "batch " + original.batchId() + " has not ended (HealthOmics says "
                            + original.batchStatus() + "); re-drive it once it is PROCESSED, FAILED or CANCELLED");
                }
            }
            selection = notSucceeded(original, options.includeCancelled());
            if (selection.runSettingIds().isEmpty() && !selection.all()) {
                return new Nothing(original, selection.note() != null ? selection.note()
                        : "every run of batch " + original.batchId() + " succeeded" + (options.includeCancelled() ? ""
                        : " or was cancelled (add --include-cancelled to run those again)"));
            }
        } else {
            return new Nothing(original, "the drop is " + original.status() + "; only a FAILED drop or a submitted"
                    + " drop whose batch ended can be re-driven");
        }
        // After the FAILED check: a drop whose batch exists is corrected whatever the configuration.
        RedrivePipeline.Choice choice = RedrivePipeline.choose(pipelines, original, options.useCurrentPipeline());
        if (choice instanceof RedrivePipeline.Refused refused) {
            return new Refused(original, refused.reason());
        }
        RedrivePipeline.Run pipeline = (RedrivePipeline.Run) choice;
        String requestId = requestId(original, selection);
        Optional<Drop> earlier = drops.find(requestId);
        if (earlier.isPresent() && earlier.get().snapshot() != null) {
            return finish(original, earlier.get(), true, deadline, selection.note(), selection.all());
        }
        long runCount = original.runCount();
        String note = selection.note();
        if (!selection.all()) {
            // Claimed before anything is written; runs another re-drive owns are left to it.
            Map<String, String> owners = claims.claim(original.requestId(), requestId, selection.runSettingIds());
            Set<String> ours = new TreeSet<>();
            Set<String> others = new TreeSet<>(); // the other re-drives' requestIds
            owners.forEach((run, owner) -> {
                if (owner.equals(requestId)) {
                    ours.add(run);
                } else {
                    others.add(owner);
                }
            });
            if (ours.isEmpty()) {
                return new Nothing(original, "every run to re-drive was already re-driven from this original by "
                        + String.join(", ", others) + " (a run is re-driven once per original, whatever the flags)");
            }
            if (!others.isEmpty()) {
                note = join(note, (selection.runSettingIds().size() - ours.size()) + " run(s) were already re-driven"
                        + " by " + String.join(", ", others) + " and are not run again");
            }
            runCount = ours.size();
        }
        Instant now = clock.instant();
        Drop draft = new Drop(requestId, DropStatus.RECEIVED, original.object(), original.batchName(), runCount,
                null, null, null, List.of(), 0, 0, null, null, null, now, now, null, null, null, null,
                original.requestId(), List.of(), Set.of(), pipeline.named() ? pipeline.pipeline().name() : null,
                ContentIdentity.NONE, null, pipeline.fingerprint());
        LOG.info("re-drive: requestId={} of {} with {} runs", requestId, original.requestId(), runCount);
        return finish(original, draft, earlier.isPresent(), deadline, note, selection.all());
    }

    private Outcome finish(Drop original, Drop draft, boolean existed, Instant deadline, String note, boolean whole) {
        Claim claim = drops.claimRedrive(draft, clock.instant(), lease);
        // Listed on the original before the batch starts, so the chain is visible even if what follows fails.
        drops.addRedrive(original, draft.requestId(), clock.instant());
        if (claim instanceof Settled settled) {
            return new Redriven(original, settled.drop(), settled.drop().runCount(), true, note);
        }
        if (!(claim instanceof Claimed claimed)) {
            throw new DropBusyException(draft.requestId());
        }
        Drop owned = claimed.drop();
        if (owned.snapshot() == null && !owned.status().terminal()) {
            // On failure the drop and its claims stay: the sweep resumes it by requestId, or the same command does.
            owned = ReleaseOnFailure.run(owned, drops::releaseAfterRetryableError, clock,
                    drop -> whole ? redriveSnapshots.completeWhole(drop) : redriveSnapshots.complete(drop));
        }
        Drop result = submit.resume(owned, deadline);
        return new Redriven(original, result, result.runCount(), existed, note);
    }

    /**
     * The record says the batch has not ended, but events can be late or lost: GetBatch, recorded through the
     * tracking path (which announces a terminal state once), and the drop as stored afterwards.
     */
    private Drop asItIs(Drop original) {
        BatchObservation now = omics.getBatch(original.batchId());
        track.applyTo(original, now);
        return drops.find(original.requestId()).orElse(original);
    }

    /** Which entries of the original snapshot run again; {@code note} when the batch's counters disagree. */
    record Selection(boolean all, Set<String> runSettingIds, String note) {
        static Selection whole(String note) {
            return new Selection(true, Set.of(), note);
        }
    }

    /**
     * The failed (and, on request, cancelled) runs are listed first: usually few, so only they are held. One pass over
     * ListRunsInBatch then names their runSettingIds and adds the entries whose start submission failed (they have no
     * run). With {@code includeCancelled}, snapshot entries ListRunsInBatch does not list (never submitted: the batch
     * was cancelled while SUBMITTING; the model has no submission status for them) are added too. The findings are
     * checked against GetBatch's counters.
     */
    private Selection notSucceeded(Drop original, boolean includeCancelled) {
        String batchId = original.batchId();
        Set<String> endedFailed = runIds(batchId, "FAILED");
        Set<String> endedCancelled = includeCancelled ? runIds(batchId, "CANCELLED") : Set.of();
        Set<String> ids = new LinkedHashSet<>();
        Set<String> listed = new HashSet<>();
        boolean anyListed = false;
        long submissionsFailed = 0;
        long runsFailed = 0;
        String token = null;
        do {
            RunsPage page = omics.listRunsInBatch(batchId, null, PAGE, token);
            for (BatchRun run : page.runs()) {
                anyListed = true;
                if (includeCancelled) {
                    listed.add(run.runSettingId());
                }
                boolean failedRun = run.runId() != null && endedFailed.contains(run.runId());
                if ("FAILED".equals(run.submissionStatus())) {
                    submissionsFailed++;
                }
                if (failedRun) {
                    runsFailed++;
                }
                if ("FAILED".equals(run.submissionStatus()) || failedRun
                        || run.runId() != null && endedCancelled.contains(run.runId())) {
                    ids.add(run.runSettingId());
                }
            }
            token = page.nextToken();
        } while (token != null);
        if (!anyListed && "FAILED".equals(original.batchStatus())) {
            return Selection.whole(null); // the batch failed before it submitted a single run
        }
        if (includeCancelled && listed.size() < original.runCount()) {
            ids.addAll(unlisted(original, listed));
        }
        return new Selection(false, ids, crossCheck(original, submissionsFailed, runsFailed));
    }

    private Set<String> runIds(String batchId, String status) {
        Set<String> ids = new HashSet<>();
        String token = null;
        do {
            WorkflowRunsPage page = omics.listRuns(batchId, status, PAGE, token);
            page.runs().forEach(run -> ids.add(run.id()));
            token = page.nextToken();
        } while (token != null);
        return ids;
    }

    /** Snapshot entries not in {@code listed}: never submitted. */
    private Set<String> unlisted(Drop original, Set<String> listed) {
        Set<String> never = new LinkedHashSet<>();
        try (InputStream in = snapshots.store().open(original.snapshot())) {
            RunSettingsSubset.forEachId(in, id -> {
                if (!listed.contains(id)) {
                    never.add(id);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("reading the snapshot " + original.snapshot().uri() + " failed", e);
        }
        return never;
    }

    /**
     * GetBatch's counters as last recorded (they are final at PROCESSED) against what the lists found; a
     * disagreement is reported rather than hidden behind "every run succeeded".
     */
    private static String crossCheck(Drop original, long submissionsFailed, long runsFailed) {
        Map<String, Long> counts = original.progress().counts();
        List<String> problems = new ArrayList<>();
        Long failedStarts = counts.get("failedStartSubmissionCount");
        if (failedStarts != null && failedStarts != submissionsFailed) {
            problems.add("failedStartSubmissionCount is " + failedStarts + " but ListRunsInBatch lists "
                    + submissionsFailed + " failed submission(s)");
        }
        Long failedRuns = counts.get("failedRunCount");
        if (failedRuns != null && failedRuns != runsFailed) {
            problems.add("failedRunCount is " + failedRuns + " but ListRuns finds " + runsFailed + " FAILED run(s)");
        }
        return problems.isEmpty() ? null : "the batch's counters disagree with its runs: " + String.join("; ",
                problems) + " (the lists decide what is re-driven; run redrive again later if runs are still being"
                + " listed)";
    }

    private static String join(String first, String second) {
        return first == null ? second : first + "; " + second;
    }

    /**
     * {@code hex(SHA-256("redrive:" + originalRequestId + "#" + what))}, where {@code what} is {@code all} or the sorted
     * runSettingIds joined by newlines: the same re-drive always gets the same id.
     */
    static String requestId(Drop original, Selection selection) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(("redrive:" + original.requestId() + "#").getBytes(StandardCharsets.UTF_8));
            if (selection.all()) {
                sha256.update("all".getBytes(StandardCharsets.UTF_8));
            } else {
                List<String> sorted = new ArrayList<>(selection.runSettingIds());
                sorted.sort(null);
                for (String id : sorted) {
                    sha256.update(id.getBytes(StandardCharsets.UTF_8));
                    sha256.update((byte) '\n');
                }
            }
            return HexFormat.of().formatHex(sha256.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides SHA-256", e);
        }
    }
}
