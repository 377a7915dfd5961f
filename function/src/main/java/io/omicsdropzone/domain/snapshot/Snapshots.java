package io.omicsdropzone.domain.snapshot;

import io.omicsdropzone.domain.DroppedObject;
import io.omicsdropzone.domain.Snapshot;

import java.util.Objects;

/**
 * Where snapshots go ({@code SNAPSHOT_PREFIX}, default {@code submitted/}) and how they are written: one snapshot per
 * drop, {@code <prefix><requestId>.json} in the dropped file's bucket.
 */
public final class Snapshots {

    public static final String DEFAULT_PREFIX = "submitted/";

    private final SnapshotStore store;
    private final String prefix;

    public Snapshots(SnapshotStore store, String prefix) {
        this.store = Objects.requireNonNull(store, "store");
        this.prefix = Objects.requireNonNull(prefix, "prefix");
    }

    public SnapshotStore store() {
        return store;
    }

    public String prefix() {
        return prefix;
    }

    public String keyFor(String requestId) {
        return prefix + requestId + ".json";
    }

    /** Snapshots never start a drop, even when a bucket notification routes their creation to the function. */
    public boolean covers(String key) {
        return key.startsWith(prefix);
    }

    /** The snapshot of a validated dropped file: a server-side copy of exactly the version that was validated. */
    public Snapshot copyOf(DroppedObject object, long size, String requestId) {
        return store.copy(object.bucket(), object.key(), object.etag(), size, keyFor(requestId));
    }
}
