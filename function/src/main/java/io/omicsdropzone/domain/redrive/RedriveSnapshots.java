package io.omicsdropzone.domain.redrive;

import io.omicsdropzone.domain.Drop;
import io.omicsdropzone.domain.Snapshot;
import io.omicsdropzone.domain.snapshot.SnapshotStore;
import io.omicsdropzone.domain.snapshot.Snapshots;
import io.omicsdropzone.domain.submission.ResumeDrop;
import io.omicsdropzone.domain.submission.SubmitRepository;

import io.omicsdropzone.spool.Spool;
import io.omicsdropzone.spool.SpoolFile;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.Set;

/**
 * Writes a re-drive's snapshot once, and only after its runs were claimed: the whole original snapshot (a FAILED drop,
 * or a batch that failed before submitting any run), or the entries of the runs claimed for it on the original
 * ({@link RunClaims}). Written with {@code If-None-Match: *} (or copied only when absent), so a second writer never
 * replaces a snapshot a batch may already read. Also how the sweep finishes a re-drive that stopped before its
 * snapshot ({@link ResumeDrop.RedriveCompletion}).
 */
public final class RedriveSnapshots implements ResumeDrop.RedriveCompletion {

    private final SubmitRepository drops;
    private final RunClaims claims;
    private final Snapshots snapshots;
    private final Spool spool;
    private final Clock clock;

    /** @param spool where a subset waits between reading the original snapshot and writing the new one */
    public RedriveSnapshots(SubmitRepository drops, RunClaims claims, Snapshots snapshots, Spool spool, Clock clock) {
        this.drops = drops;
        this.claims = claims;
        this.snapshots = snapshots;
        this.spool = spool;
        this.clock = clock;
    }

    /** Under the caller's lease on a re-drive without snapshot: writes it and records the drop SUBMITTING. */
    @Override
    public Drop complete(Drop owned) {
        Drop original = drops.find(owned.redriveOf()).orElseThrow(() -> new IllegalStateException(
                "re-drive " + owned.requestId() + " names original " + owned.redriveOf() + ", which does not exist"));
        Set<String> runs = claims.claimedBy(original.requestId(), owned.requestId());
        if (runs.isEmpty()) {
            return whole(owned, original); // whole re-drives claim no runs
        }
        return drops.markSubmitting(owned, runs.size(), subset(original.snapshot(), runs, owned.requestId()), null,
                clock.instant());
    }

    /** A whole re-drive (a FAILED drop, a batch that failed before any run): a copy of the original snapshot. */
    public Drop completeWhole(Drop owned) {
        Drop original = drops.find(owned.redriveOf()).orElseThrow(() -> new IllegalStateException(
                "re-drive " + owned.requestId() + " names original " + owned.redriveOf() + ", which does not exist"));
        return whole(owned, original);
    }

    private Drop whole(Drop owned, Drop original) {
        Snapshot copy = snapshots.store().copyOnce(original.snapshot().bucket(), original.snapshot().key(),
                original.snapshot().etag(), -1, snapshots.keyFor(owned.requestId()));
        return drops.markSubmitting(owned, original.runCount(), copy, null, clock.instant());
    }

    /**
     * The subset is streamed from the original snapshot to a spool file (one entry in memory at a time), then
     * written once as the new snapshot; the file can be read again if the upload is retried.
     */
    Snapshot subset(Snapshot original, Set<String> runSettingIds, String requestId) {
        SpoolFile file = null;
        try {
            file = spool.create("redrive-", ".json");
            long written;
            try (InputStream in = snapshots.store().open(original);
                 OutputStream out = file.output()) {
                written = RunSettingsSubset.write(in, runSettingIds, out);
            }
            if (written != runSettingIds.size()) {
                throw new IllegalStateException("the snapshot " + original.uri() + " holds " + written + " of the "
                        + runSettingIds.size() + " runSettingIds to re-drive");
            }
            return snapshots.store().writeOnce(original.bucket(), snapshots.keyFor(requestId),
                    SnapshotStore.Content.ofSpool(file));
        } catch (IOException e) {
            throw new UncheckedIOException("writing the re-drive snapshot failed", e);
        } finally {
            if (file != null) {
                try {
                    file.close();
                } catch (IOException ignored) {
                    // a temporary file; the OS cleans it up
                }
            }
        }
    }
}
