package io.omicsdropzone.local.standins;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every batch the emulator knows, by id and by requestId, and the id sequences. Its monitor is the emulator's state
 * lock: every read or change of a {@link RunBatch} happens while holding {@code synchronized (store)}.
 */
final class RunBatchStore {

    private static final long FIRST_BATCH_ID = 7_000_001;
    private static final long FIRST_RUN_ID = 8_000_001;

    private final Map<String, RunBatch> batches = new LinkedHashMap<>();
    private final Map<String, RunBatch> byRequestId = new HashMap<>();
    private final AtomicLong nextBatchId = new AtomicLong(FIRST_BATCH_ID);
    private final AtomicLong nextRunId = new AtomicLong(FIRST_RUN_ID);

    String newBatchId() {
        return Long.toString(nextBatchId.getAndIncrement());
    }

    String newRunId() {
        return Long.toString(nextRunId.getAndIncrement());
    }

    void add(RunBatch batch) {
        batches.put(batch.id, batch);
        byRequestId.put(batch.requestId, batch);
    }

    RunBatch get(String batchId) {
        return batches.get(batchId);
    }

    RunBatch byRequestId(String requestId) {
        return byRequestId.get(requestId);
    }

    /** The batch, for the emulator's own control methods: an unknown id is the test's mistake, not a 404. */
    RunBatch require(String batchId) {
        RunBatch batch = batches.get(batchId);
        if (batch == null) {
            throw new IllegalArgumentException("no batch " + batchId);
        }
        return batch;
    }

    /** The batch an API call names, or 404 ResourceNotFoundException. */
    RunBatch find(String batchId) {
        RunBatchRequestRules.requireValidBatchId(batchId);
        RunBatch batch = batches.get(batchId);
        if (batch == null) {
            throw OmicsException.notFound("The specified batch " + batchId + " does not exist.");
        }
        return batch;
    }

    List<RunBatch> all() {
        return new ArrayList<>(batches.values());
    }

    void clear() {
        batches.clear();
        byRequestId.clear();
    }
}
