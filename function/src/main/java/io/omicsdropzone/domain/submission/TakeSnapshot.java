package io.omicsdropzone.domain.submission;

import io.omicsdropzone.disclosure.Disclosure;
import io.omicsdropzone.domain.Drop;
import io.omicsdropzone.domain.DroppedObject;
import io.omicsdropzone.domain.Snapshot;
import io.omicsdropzone.domain.snapshot.SnapshotStore;
import io.omicsdropzone.domain.snapshot.Snapshots;
import io.omicsdropzone.domain.submission.RunSettingsStore.ObjectAccessDeniedException;
import io.omicsdropzone.domain.submission.RunSettingsStore.ObjectChangedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.InputStream;
import java.time.Clock;

/**
 * Step 4: writes the snapshot StartRunBatch reads ({@code <SNAPSHOT_PREFIX><requestId>.json}) and records it, with its
 * ETag, before the call: a resume reuses it instead of copying again under a running batch, and the batch reads
 * exactly what was checked whatever becomes of the dropped key. A run-settings file is copied server-side, only while
 * its ETag is the one checked; a samplesheet's runs' own sheets are written first (each once), then its JSON.
 */
final class TakeSnapshot {

    private static final Logger LOG = LoggerFactory.getLogger(TakeSnapshot.class);

    /** The drop SUBMITTING with its snapshot recorded; or, with {@code ends}, how it ends instead. */
    record Taken(Drop drop, Outcome ends) {
    }

    private final SubmitRepository drops;
    private final Snapshots snapshots;
    private final RunSettingsStore store;
    private final Disclosure disclosure;
    private final Clock clock;

    /** @param store where a whole samplesheet is read again, byte for byte, as its run's sheet */
    TakeSnapshot(SubmitRepository drops, Snapshots snapshots, RunSettingsStore store, Disclosure disclosure,
                 Clock clock) {
        this.drops = drops;
        this.snapshots = snapshots;
        this.store = store;
        this.disclosure = disclosure;
        this.clock = clock;
    }

    /** @param checked a drop that goes on ({@link ReadAndCheck.Checked#ends()} null) */
    Taken take(ReadAndCheck.Checked checked) {
        if (checked.ends() != null) {
            throw new IllegalArgumentException("drop " + checked.drop().requestId() + " ends: no snapshot to take");
        }
        if (checked instanceof ReadAndCheck.Ready ready) {
            return new Taken(ready.drop(), null);
        }
        Drop drop = checked.drop();
        try {
            return new Taken(snapshotOf(checked), null);
        } catch (ObjectChangedException e) {
            return new Taken(drop, ReadFailures.changed(drop, e));
        } catch (ObjectAccessDeniedException e) {
            return new Taken(drop, ReadFailures.accessDenied(drop, e, disclosure));
        }
    }

    private Drop snapshotOf(ReadAndCheck.Checked checked) {
        Drop drop = checked.drop();
        DroppedObject object = drop.object();
        if (checked instanceof ReadAndCheck.Validated file) {
            Snapshot snapshot = snapshots.copyOf(object, file.size(), drop.requestId());
            return drops.markSubmitting(drop, file.runCount(), snapshot, file.parametersNotChecked(),
                    clock.instant());
        }
        if (checked instanceof ReadAndCheck.Converted sheet) {
            Snapshot snapshot = snapshots.store().write(object.bucket(), snapshots.keyFor(drop.requestId()),
                    SnapshotStore.Content.ofSpool(sheet.json()));
            LOG.info("samplesheet converted: requestId={} rows={} jsonBytes={}", drop.requestId(),
                    sheet.report().rowCount(), sheet.report().bytesWritten());
            return drops.markSubmitting(drop, sheet.report().rowCount(), snapshot, sheet.parametersNotChecked(),
                    clock.instant());
        }
        ReadAndCheck.Grouped sheet = (ReadAndCheck.Grouped) checked;
        SnapshotStore.Content dropped = new SnapshotStore.Content() {
            @Override
            public long length() {
                return sheet.size();
            }

            @Override
            public InputStream open() {
                return store.open(object.bucket(), object.key(), object.etag());
            }
        };
        int written = new RunSheets(snapshots.store()).writeAll(object.bucket(), sheet.result().sheets(), dropped);
        Snapshot snapshot = snapshots.store().write(object.bucket(), snapshots.keyFor(drop.requestId()),
                SnapshotStore.Content.ofSpool(sheet.json()));
        LOG.info("samplesheet grouped: requestId={} rows={} runs={} sheetsWritten={}", drop.requestId(),
                sheet.result().report().rowCount(), sheet.result().runCount(), written);
        return drops.markSubmitting(drop, sheet.result().runCount(), snapshot, sheet.parametersNotChecked(),
                clock.instant());
    }
}
