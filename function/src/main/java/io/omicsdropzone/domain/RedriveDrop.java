package io.omicsdropzone.domain;

import io.omicsdropzone.domain.SubmitRepository.Claim;
import io.omicsdropzone.domain.SubmitRepository.Claimed;
import io.omicsdropzone.domain.SubmitRepository.Settled;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Runs again what did not succeed. HealthOmics has no retry for a batch; its guide says to submit the failed
 * runSettingIds as a new batch (https://docs.aws.amazon.com/omics/latest/dev/workflows-batch.html). A re-drive is an
 * ordinary drop with its own snapshot and {@code redriveOf}; its requestId is derived from the original and from what
 * is re-driven, so the same re-drive run twice finds its own drop and starts no second batch.
 *
 * <ul>
 *   <li>A {@code FAILED} drop (StartRunBatch refused it) is submitted whole again, with the current default run
 *       setting, from a copy of its snapshot.</li>
 *   <li>A drop whose batch ended gets a new batch of the runs whose submission failed (ListRunsInBatch) or that ended
 *       {@code FAILED} (ListRuns by batch and status), and {@code CANCELLED} ones on request. A batch that failed
 *       before any run was submitted is re-driven whole.</li>
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

    public RedriveDrop(RedriveRepository drops, RunBatchApi omics, Snapshots snapshots, SubmitDrop submit, Clock clock,
                       Duration lease) {
        this.drops = drops;
        this.omics = omics;
        this.snapshots = snapshots;
        this.submit = submit;
        this.clock = clock;
        this.lease = lease;
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

    /**
     * The re-drive's drop after this call (submitted, failed, ...); {@code existed} when an earlier identical re-drive
     * had already created it.
     */
    public record Redriven(Drop original, Drop redrive, long runs, boolean existed) implements Outcome {
    }

    public Outcome redrive(String id, boolean includeCancelled, Instant deadline) {
        Optional<Drop> found = id.matches("[0-9]{1,18}") ? drops.findByBatchId(id) : drops.find(id);
        if (found.isEmpty()) {
            return new Unknown(id);
        }
        Drop original = found.get();
        if (original.snapshot() == null) {
            return new Nothing(original, "the drop has no snapshot (status " + original.status() + ", never validated,"
                    + " or recorded before snapshots existed): upload the file again, under a new key if the content"
                    + " is unchanged");
        }
        Selection selection;
        if (original.status() == DropStatus.FAILED) {
            selection = Selection.ALL;
        } else if (original.status() == DropStatus.SUBMITTED && original.batchId() != null) {
            if (!BatchStatusOrder.terminal(original.batchStatus())) {
                return new Nothing(original, "batch " + original.batchId() + " has not ended (status "
                        + original.batchStatus() + "); re-drive it once it is PROCESSED, FAILED or CANCELLED");
            }
            selection = notSucceeded(original, includeCancelled);
            if (selection.runSettingIds().isEmpty() && !selection.all()) {
                return new Nothing(original, "every run of batch " + original.batchId() + " succeeded"
                        + (includeCancelled ? "" : " or was cancelled (add --include-cancelled to run those again)"));
            }
        } else {
            return new Nothing(original, "the drop is " + original.status() + "; only a FAILED drop or a submitted"
                    + " drop whose batch ended can be re-driven");
        }
        String requestId = requestId(original, selection);
        Optional<Drop> earlier = drops.find(requestId);
        if (earlier.isPresent() && earlier.get().snapshot() != null) {
            return finish(original, earlier.get(), true, deadline);
        }
        Snapshot snapshot = selection.all()
                ? snapshots.store().copy(original.snapshot().bucket(), original.snapshot().key(),
                original.snapshot().etag(), -1, snapshots.keyFor(requestId))
                : writeSubset(original.snapshot(), selection.runSettingIds(), snapshots.keyFor(requestId));
        long runCount = selection.all() ? original.runCount() : selection.runSettingIds().size();
        Instant now = clock.instant();
        Drop draft = new Drop(requestId, DropStatus.SUBMITTING, original.object(), original.batchName(), runCount,
                null, null, null, List.of(), 0, 0, null, null, null, now, now, null, null, null, snapshot,
                original.requestId(), List.of(), Set.of());
        LOG.info("re-drive: requestId={} of {} with {} runs", requestId, original.requestId(), runCount);
        return finish(original, draft, false, deadline);
    }

    private Outcome finish(Drop original, Drop draft, boolean existed, Instant deadline) {
        Claim claim = drops.claimRedrive(draft, clock.instant(), lease);
        // Listed on the original before the batch starts, so the chain is visible even if what follows fails.
        drops.addRedrive(original, draft.requestId(), clock.instant());
        if (claim instanceof Settled settled) {
            return new Redriven(original, settled.drop(), settled.drop().runCount(), true);
        }
        if (!(claim instanceof Claimed claimed)) {
            throw new DropBusyException(draft.requestId());
        }
        Drop result = submit.resume(claimed.drop(), deadline);
        return new Redriven(original, result, result.runCount(), existed);
    }

    /** Which entries of the original snapshot run again. */
    record Selection(boolean all, Set<String> runSettingIds) {
        static final Selection ALL = new Selection(true, Set.of());
    }

    /**
     * The failed (and, on request, cancelled) runs are listed first: usually few, so only they are held, never a map
     * of every run of a 100,000-run batch. One pass over ListRunsInBatch then names their runSettingIds and adds the
     * entries whose start submission failed (they have no run).
     */
    private Selection notSucceeded(Drop original, boolean includeCancelled) {
        String batchId = original.batchId();
        Set<String> endedBadly = new HashSet<>();
        List<String> statuses = includeCancelled ? List.of("FAILED", "CANCELLED") : List.of("FAILED");
        for (String status : statuses) {
            String token = null;
            do {
                WorkflowRunsPage page = omics.listRuns(batchId, status, PAGE, token);
                page.runs().forEach(run -> endedBadly.add(run.id()));
                token = page.nextToken();
            } while (token != null);
        }
        Set<String> ids = new HashSet<>();
        boolean anyListed = false;
        String token = null;
        do {
            RunsPage page = omics.listRunsInBatch(batchId, null, PAGE, token);
            for (BatchRun run : page.runs()) {
                anyListed = true;
                if ("FAILED".equals(run.submissionStatus())
                        || run.runId() != null && endedBadly.contains(run.runId())) {
                    ids.add(run.runSettingId());
                }
            }
            token = page.nextToken();
        } while (token != null);
        if (!anyListed && "FAILED".equals(original.batchStatus())) {
            return Selection.ALL; // the batch failed before it submitted a single run
        }
        return new Selection(false, ids);
    }

    /**
     * The subset is streamed from the original snapshot to a temporary file (one entry in memory at a time), then
     * written as the new snapshot; the file can be read again if the upload is retried.
     */
    private Snapshot writeSubset(Snapshot original, Set<String> runSettingIds, String targetKey) {
        Path file = null;
        try {
            file = Files.createTempFile("redrive-", ".json");
            long written;
            try (InputStream in = snapshots.store().open(original);
                 OutputStream out = Files.newOutputStream(file)) {
                written = RunSettingsSubset.write(in, runSettingIds, out);
            }
            if (written != runSettingIds.size()) {
                throw new IllegalStateException("the snapshot " + original.uri() + " holds " + written + " of the "
                        + runSettingIds.size() + " runSettingIds to re-drive");
            }
            return snapshots.store().write(original.bucket(), targetKey, SnapshotStore.Content.ofFile(file));
        } catch (IOException e) {
            throw new UncheckedIOException("writing the re-drive snapshot failed", e);
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException ignored) {
                    // a temporary file; the OS cleans it up
                }
            }
        }
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
