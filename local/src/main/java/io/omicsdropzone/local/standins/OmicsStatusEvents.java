package io.omicsdropzone.local.standins;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * The event sink of the emulator: every batch status change becomes a "RunBatch Status Change" EventBridge event
 * (HealthOmics user guide, "EventBridge events for batches"), kept in emission order and handed to the registered
 * sinks.
 */
final class OmicsStatusEvents {

    private static final System.Logger LOG = System.getLogger(OmicsStatusEvents.class.getName());

    private final String region;
    private final String accountId;
    private final Clock clock;
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final List<Consumer<String>> sinks = new CopyOnWriteArrayList<>();
    // Guarded by this.
    private final List<String> undelivered = new ArrayList<>();
    private final ReentrantLock deliveryLock = new ReentrantLock();

    OmicsStatusEvents(String region, String accountId, Clock clock) {
        this.region = region;
        this.accountId = accountId;
        this.clock = clock;
    }

    void onStatusChange(Consumer<String> sink) {
        sinks.add(Objects.requireNonNull(sink));
    }

    List<String> events() {
        return List.copyOf(events);
    }

    /** Records the batch's current status as an event; it reaches the sinks on the next {@link #deliver()}. */
    void emit(RunBatch batch) {
        String event = batch.statusChangeEvent(UUID.randomUUID().toString(), clock.instant(), region, accountId).toString();
        synchronized (this) {
            events.add(event);
            undelivered.add(event);
        }
    }

    /**
     * Hands queued events to the sinks in emission order without holding any lock a sink could need: a sink may call
     * the emulator (over HTTP or directly) without deadlocking. One thread delivers at a time; events queued by
     * another thread meanwhile (or by the sink itself) are delivered by the thread already delivering.
     */
    void deliver() {
        if (deliveryLock.isHeldByCurrentThread()) {
            return; // called from inside a sink: the outer loop delivers what was just queued, in order
        }
        while (deliveryLock.tryLock()) {
            try {
                for (List<String> pending = drain(); !pending.isEmpty(); pending = drain()) {
                    for (String event : pending) {
                        for (Consumer<String> sink : sinks) {
                            try {
                                sink.accept(event);
                            } catch (RuntimeException e) {
                                // EventBridge delivery is best effort; a failing sink must not break the emulator.
                                LOG.log(System.Logger.Level.WARNING, "status-change sink failed", e);
                            }
                        }
                    }
                }
            } finally {
                deliveryLock.unlock();
            }
            synchronized (this) {
                if (undelivered.isEmpty()) {
                    return; // otherwise another thread queued events after our last drain: go round again
                }
            }
        }
    }

    /** Forgets events, undelivered ones and sinks. */
    synchronized void clear() {
        events.clear();
        undelivered.clear();
        sinks.clear();
    }

    private synchronized List<String> drain() {
        List<String> pending = new ArrayList<>(undelivered);
        undelivered.clear();
        return pending;
    }
}
